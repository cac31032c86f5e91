package dev.strata.internal.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable list of response header fields in the order they were set, kept as one flat array
 * of alternating names and values so a stored entry costs one object beyond its strings.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);
    private final String[] namesAndValues;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    /** Headers from alternating names and values; the array is copied. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        return namesAndValues.length == 0 ? EMPTY : new Headers(namesAndValues.clone());
    }

    /** Number of fields. */
    public int size() {
        return namesAndValues.length / 2;
    }

    /** Name of field {@code i}, as it was set. */
    public String name(int i) {
        return namesAndValues[2 * i];
    }

    /** Value of field {@code i}. */
    public String value(int i) {
        return namesAndValues[2 * i + 1];
    }

    /** First value of a field, or {@code null}; names compare case-insensitively. */
    public String first(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /** Every value of a field in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                out.add(namesAndValues[i + 1]);
            }
        }
        return out;
    }

    /** All values of a field joined with ", " as RFC 9110 §5.3 allows, or {@code null}. */
    public String joined(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** Whether the field is present. */
    public boolean has(String name) {
        return first(name) != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && Arrays.equals(namesAndValues, h.namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    @Override
    public String toString() {
        return Arrays.toString(namesAndValues);
    }

    /** Collects fields in order. */
    public static final class Builder {
        private final List<String> items = new ArrayList<>();

        /** Appends one field. */
        public Builder add(String name, String value) {
            items.add(name);
            items.add(value);
            return this;
        }

        /** Appends every field of {@code headers}, in order. */
        public Builder addAll(Headers headers) {
            for (int i = 0; i < headers.size(); i++) {
                add(headers.name(i), headers.value(i));
            }
            return this;
        }

        /** The headers collected so far. */
        public Headers build() {
            return items.isEmpty() ? EMPTY : new Headers(items.toArray(new String[0]));
        }
    }
}
