package dev.strata.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which URIs a cache invalidates after an unsafe request (RFC 9111 §4.4): the target URI whenever
 * the response is not an error, and the {@code Location} and {@code Content-Location} URIs when
 * they have the target's origin (scheme, host and port), never another origin's.
 */
public final class InvalidationTargets {
    /** Methods defined as safe (RFC 9110 §9.2.1 and the WebDAV ones); any other method is unsafe. */
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "SEARCH",
            "REPORT", "QUERY");

    private InvalidationTargets() {
    }

    /**
     * A URI on the target's origin, as the key builder takes it.
     *
     * @param rawPath the raw (not decoded) path
     * @param rawQuery the raw query, or {@code null}
     */
    public record Target(String rawPath, String rawQuery) {
    }

    /** Whether a method is unsafe, or of unknown safety, so that its success invalidates. */
    public static boolean unsafe(String method) {
        return !SAFE.contains(method);
    }

    /** Whether a response status is a non-error one that triggers invalidation (2xx, 3xx). */
    public static boolean triggers(int status) {
        return status >= 200 && status < 400;
    }

    /**
     * The URIs to invalidate.
     *
     * @param scheme the target's scheme
     * @param host the target's host
     * @param port the target's port
     * @param rawPath the target's raw path
     * @param rawQuery the target's raw query, or {@code null}
     * @param locations the {@code Location} and {@code Content-Location} values (absent ones
     *     {@code null})
     */
    public static List<Target> of(String scheme, String host, int port, String rawPath, String rawQuery,
            String... locations) {
        Set<Target> out = new LinkedHashSet<>();
        out.add(new Target(rawPath, rawQuery));
        URI base;
        try {
            base = new URI(scheme, null, host, port, "/", null, null).resolve(rawPath);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return new ArrayList<>(out);
        }
        for (String location : locations) {
            if (location == null || location.isBlank()) {
                continue;
            }
            try {
                URI resolved = base.resolve(new URI(location.trim()));
                if (sameOrigin(resolved, scheme, host, port) && resolved.getRawPath() != null
                        && !resolved.getRawPath().isEmpty()) {
                    out.add(new Target(resolved.getRawPath(), resolved.getRawQuery()));
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a URI: nothing to invalidate
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean sameOrigin(URI uri, String scheme, String host, int port) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        int uriPort = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
        return uri.getScheme().equalsIgnoreCase(scheme) && uri.getHost().toLowerCase(Locale.ROOT)
                .equals(host.toLowerCase(Locale.ROOT)) && uriPort == port;
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
    }
}
