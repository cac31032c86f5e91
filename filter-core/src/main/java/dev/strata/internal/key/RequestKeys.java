package dev.strata.internal.key;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds a request's primary key from what the container resolved, with the configured key
 * options: which request fields are keyed when present, and how the query is keyed.
 *
 * <p>Fields such as {@code X-Forwarded-Host} are "unkeyed inputs" in most caches: the application
 * builds links or redirects from them, the cache ignores them, and one request carrying
 * {@code X-Forwarded-Host: evil.example} poisons the entry everyone gets. Keying them instead of
 * bypassing keeps the cache working behind proxies that send them on every request, while a value
 * only ever reaches requests that carry the same value.
 */
public final class RequestKeys {
    /** Credentials never go into keys: keys are echoed into every entry on every node. */
    private static final Set<String> NEVER_KEYED = Set.of("cookie", "authorization", "proxy-authorization");

    private final String[] keyedNames;
    private final QueryKey query;

    /**
     * @param keyedHeaders request field names keyed when present
     * @param query how the query is keyed
     * @throws IllegalArgumentException on a name that is not a field name, or names a credential field
     */
    public RequestKeys(List<String> keyedHeaders, QueryKey query) {
        TreeSet<String> names = new TreeSet<>();
        for (String name : keyedHeaders) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !name.chars().allMatch(RequestKeys::tchar)) {
                throw new IllegalArgumentException("'" + name + "' is not a header field name");
            }
            if (NEVER_KEYED.contains(lower)) {
                throw new IllegalArgumentException("'" + name + "' carries credentials and is never keyed"
                        + " (requests with it bypass the cache; see bypassCookies and storeAuthorized)");
            }
            names.add(lower);
        }
        this.keyedNames = names.toArray(new String[0]);
        this.query = query;
    }

    /**
     * @param version the namespace version
     * @param scheme the scheme the container resolved
     * @param host the server name the container resolved
     * @param port the server port the container resolved
     * @param rawUri the raw request URI
     * @param rawQuery the raw query string, or {@code null}
     * @param requestValues all values of a request field joined, or {@code null} when absent
     */
    public CacheKey primary(long version, String scheme, String host, int port, String rawUri, String rawQuery,
            Function<String, String> requestValues) {
        String[] values = null;
        for (int i = 0; i < keyedNames.length; i++) {
            String value = requestValues.apply(keyedNames[i]);
            if (value != null) {
                if (values == null) {
                    values = new String[keyedNames.length];
                }
                values[i] = value;
            }
        }
        String keyedQuery = query.keyed(rawQuery);
        // absent fields add nothing to the key: with none present, the plain key
        return values == null ? KeyBuilder.primary(version, scheme, host, port, rawUri, keyedQuery)
                : KeyBuilder.primary(version, scheme, host, port, rawUri, keyedQuery, keyedNames, values);
    }

    /** RFC 9110 §5.6.2 token characters. */
    private static boolean tchar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
