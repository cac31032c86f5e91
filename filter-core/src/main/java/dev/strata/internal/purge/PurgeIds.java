package dev.strata.internal.purge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The names purge records are kept under. A stored response is reached by four of them: its URL
 * ({@code u}: scheme, host, port, raw URI and keyed query, exactly as its key holds them), its path
 * ({@code p}: raw URI and keyed query, on any host), each of its tags ({@code t}) and everything
 * ({@code *}). The URL and path names leave out what the key adds after the query (namespace
 * version, keyed request fields, interceptor components, {@code Vary} values), so one URL purge
 * reaches every variant of the URL.
 */
public final class PurgeIds {
    /** The name of the record that purges everything. */
    public static final String ALL = "*";
    /** Keys start with this format tag (see {@code KeyBuilder}). */
    private static final String KEY_FORMAT = "strata1";

    private PurgeIds() {
    }

    /** Whether a tag is well-formed: 1 to 1024 visible ASCII characters, no comma. */
    public static boolean validTag(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > 1024) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** The record name of a tag. */
    public static String tag(String tag) {
        return "t" + tag;
    }

    /** The record name of one URL on one host, as a request for it would be keyed. */
    public static String url(String scheme, String host, int port, String rawUri, String keyedQuery) {
        StringBuilder b = new StringBuilder(32 + rawUri.length()).append('u');
        field(b, scheme.toLowerCase(Locale.ROOT));
        field(b, host.toLowerCase(Locale.ROOT));
        field(b, Integer.toString(port));
        field(b, rawUri);
        field(b, keyedQuery);
        return b.toString();
    }

    /** The record name of a path (with its keyed query) on every host. */
    public static String path(String rawUri, String keyedQuery) {
        StringBuilder b = new StringBuilder(16 + rawUri.length()).append('p');
        field(b, rawUri);
        field(b, keyedQuery);
        return b.toString();
    }

    /**
     * The URL and path record names of a stored response, from its full key.
     *
     * @return {@code [url, path]}, or an empty array when the key is not in Strata's format
     */
    public static String[] ofKey(String fullKey) {
        if (!fullKey.startsWith(KEY_FORMAT)) {
            return new String[0];
        }
        int pos = KEY_FORMAT.length();
        pos = skip(fullKey, pos); // namespace version
        int schemeStart = pos;
        pos = skip(fullKey, pos); // scheme
        pos = skip(fullKey, pos); // host
        pos = skip(fullKey, pos); // port
        int uriStart = pos;
        pos = skip(fullKey, pos); // raw URI
        pos = skip(fullKey, pos); // query
        if (pos < 0) {
            return new String[0];
        }
        return new String[] {"u" + fullKey.substring(schemeStart, pos), "p" + fullKey.substring(uriStart, pos)};
    }

    /**
     * Parses what {@code StrataFilter.purgeUrl} takes: an absolute {@code http}/{@code https} URL,
     * or a path starting with {@code /} (on every host), the query as sent.
     *
     * @param keyedQuery how the key reduces a raw query (ignored and sorted parameters)
     * @return the record name
     * @throws IllegalArgumentException when it is neither
     */
    public static String ofUrl(String url, java.util.function.UnaryOperator<String> keyedQuery) {
        if (url == null || url.isEmpty()) {
            throw new IllegalArgumentException("empty URL");
        }
        if (url.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a URL to purge has no fragment");
        }
        if (url.startsWith("/")) {
            int q = url.indexOf('?');
            return q < 0 ? path(url, keyedQuery.apply(null))
                    : path(url.substring(0, q), keyedQuery.apply(url.substring(q + 1)));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("expected an absolute http(s) URL or a path starting with /");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return url(scheme, uri.getHost(), port, rawPath, keyedQuery.apply(uri.getRawQuery()));
    }

    /** Skips one length-prefixed field; -1 when the text does not hold one at {@code pos}. */
    private static int skip(String s, int pos) {
        if (pos < 0 || pos >= s.length() || s.charAt(pos) != '|') {
            return -1;
        }
        pos++;
        if (pos < s.length() && s.charAt(pos) == '-') {
            return pos + 1;
        }
        int colon = s.indexOf(':', pos);
        if (colon <= pos) {
            return -1;
        }
        int length;
        try {
            length = Integer.parseInt(s, pos, colon, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
        int end = colon + 1 + length;
        return length < 0 || end > s.length() ? -1 : end;
    }

    private static void field(StringBuilder b, String value) {
        if (value == null) {
            b.append("|-");
        } else {
            b.append('|').append(value.length()).append(':').append(value);
        }
    }
}
