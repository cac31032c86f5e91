package dev.strata.internal.key;

import java.util.Locale;
import java.util.function.Function;

/**
 * Builds keys from what the container resolved for a request. Every field is length-prefixed, so
 * no two different requests can produce one key by shifting characters between fields.
 *
 * <p>The primary key holds the namespace version, scheme, host and port as the container resolved them, the raw request
 * URI and the query string (raw, or as {@link QueryKey} reduced it), then the exact values of the
 * configured keyed request fields that are present. The raw URI is finer than the path the
 * container dispatches on: two requests share a key only if their request targets are identical,
 * so no two paths the container tells apart can meet in one entry. A variant key adds the
 * normalised values of the request fields a stored response's {@code Vary} names.
 */
public final class KeyBuilder {
    private static final String FORMAT = "strata1";
    private static final String[] NONE = new String[0];

    private KeyBuilder() {
    }

    /**
     * @param version the namespace version: bumping it makes every older key unreachable
     * @param scheme the request scheme
     * @param host the server name the container resolved
     * @param port the server port the container resolved
     * @param requestUri the raw request URI (path, not decoded)
     * @param query the raw query string, or {@code null} (distinct from an empty query)
     */
    public static CacheKey primary(long version, String scheme, String host, int port, String requestUri,
            String query) {
        return primary(version, scheme, host, port, requestUri, query, NONE, NONE);
    }

    /**
     * A primary key that also holds request fields the response may be built from.
     *
     * @param inputNames lower-cased, sorted field names
     * @param inputValues each field's exact value (all values joined), or {@code null} when absent;
     *     absent fields add nothing, so a request without any keeps the plain key
     */
    public static CacheKey primary(long version, String scheme, String host, int port, String requestUri,
            String query, String[] inputNames, String[] inputValues) {
        // the fixed fields with their length prefixes take up to 64 characters: no regrowth
        StringBuilder b = new StringBuilder(64 + host.length() + requestUri.length()
                + (query == null ? 0 : query.length()));
        b.append(FORMAT);
        field(b, version);
        field(b, scheme.toLowerCase(Locale.ROOT));
        field(b, host.toLowerCase(Locale.ROOT));
        field(b, port);
        field(b, requestUri);
        field(b, query);
        boolean marked = false;
        for (int i = 0; i < inputNames.length; i++) {
            if (inputValues[i] != null) {
                if (!marked) {
                    // a bare marker after the length-prefixed fields: no field text can imitate it
                    b.append("|in");
                    marked = true;
                }
                field(b, inputNames[i]);
                field(b, inputValues[i]);
            }
        }
        return CacheKey.of(b.toString());
    }

    /**
     * The key of one variant of a primary key.
     *
     * @param primary the URL's key
     * @param varyNames lower-cased, sorted field names from {@code Vary}
     * @param requestValues all values of a request field, or {@code null} when absent
     */
    public static CacheKey variant(CacheKey primary, String[] varyNames, Function<String, String> requestValues) {
        return CacheKey.of(variantText(primary, varyNames, normalisedValues(varyNames, requestValues)));
    }

    /** The normalised request values for each vary name ({@code null} for an absent field). */
    public static String[] normalisedValues(String[] varyNames, Function<String, String> requestValues) {
        String[] values = new String[varyNames.length];
        for (int i = 0; i < varyNames.length; i++) {
            values[i] = normalise(requestValues.apply(varyNames[i]));
        }
        return values;
    }

    /** The key of a variant whose request values are already normalised. */
    public static CacheKey variant(CacheKey primary, String[] varyNames, String[] normalisedValues) {
        return CacheKey.of(variantText(primary, varyNames, normalisedValues));
    }

    private static String variantText(CacheKey primary, String[] varyNames, String[] values) {
        StringBuilder b = new StringBuilder(primary.full().length() + 32);
        b.append(primary.full()).append("|vary");
        for (int i = 0; i < varyNames.length; i++) {
            field(b, varyNames[i]);
            field(b, values[i]);
        }
        return b.toString();
    }

    /**
     * Folds the optional whitespace RFC 9110 allows around list commas and runs of spaces, which
     * cannot change meaning; keeps case, which can.
     */
    static String normalise(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (c == ',') {
                b.append(',');
                space = false;
                continue;
            }
            if (space && b.length() > 0 && b.charAt(b.length() - 1) != ',') {
                b.append(' ');
            }
            space = false;
            b.append(c);
        }
        return b.toString();
    }

    /** The same as {@code field(b, Long.toString(number))}, without the string. */
    private static void field(StringBuilder b, long number) {
        if (number < 0) {
            field(b, Long.toString(number));
            return;
        }
        int digits = 1;
        for (long rest = number / 10; rest != 0; rest /= 10) {
            digits++;
        }
        b.append('|').append(digits).append(':').append(number);
    }

    private static void field(StringBuilder b, String value) {
        if (value == null) {
            b.append("|-");
        } else {
            b.append('|').append(value.length()).append(':').append(value);
        }
    }
}
