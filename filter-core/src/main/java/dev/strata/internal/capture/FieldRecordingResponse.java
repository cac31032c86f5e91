package dev.strata.internal.capture;

import dev.strata.internal.http.Headers;
import dev.strata.internal.http.HttpDates;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A response wrapper that keeps the header fields the application sets in a list of its own
 * instead of handing them to the container, in the order they were set. Int and date fields are
 * routed through {@link #setHeader}/{@link #addHeader}, so a subclass decides in one place what a
 * field does.
 */
public abstract class FieldRecordingResponse extends HttpServletResponseWrapper {
    private final List<String[]> fields = new ArrayList<>();

    protected FieldRecordingResponse(HttpServletResponse response) {
        super(response);
    }

    /** Replaces every recorded value of {@code name} with {@code value} (none when {@code null}). */
    protected final void replaceField(String name, String value) {
        fields.removeIf(f -> f[0].equalsIgnoreCase(name));
        if (value != null) {
            fields.add(new String[] {name, value});
        }
    }

    /** Records one more value of {@code name}. */
    protected final void appendField(String name, String value) {
        fields.add(new String[] {name, value});
    }

    /** The first recorded value of {@code name}, or {@code null}. */
    protected final String recordedField(String name) {
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                return f[1];
            }
        }
        return null;
    }

    /** Every recorded value of {@code name}, appended to {@code values}. */
    protected final List<String> recordedFields(String name, List<String> values) {
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                values.add(f[1]);
            }
        }
        return values;
    }

    /** The recorded names, each once, in first-set order. */
    protected final Collection<String> recordedNames() {
        Collection<String> names = new LinkedHashSet<>();
        for (String[] f : fields) {
            names.add(f[0]);
        }
        return names;
    }

    /** The recorded fields in order, name then value. */
    protected final List<String[]> recorded() {
        return fields;
    }

    /** The recorded fields plus {@code Content-Type} when there is one. */
    protected final Headers recordedHeaders(String contentType) {
        Headers.Builder b = new Headers.Builder();
        for (String[] f : fields) {
            b.add(f[0], f[1]);
        }
        if (contentType != null) {
            b.add("Content-Type", contentType);
        }
        return b.build();
    }

    /** Forgets every recorded field. */
    protected final void clearFields() {
        fields.clear();
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, HttpDates.format(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, HttpDates.format(date));
    }
}
