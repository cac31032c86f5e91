package dev.strata.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Picks the cache directives Strata obeys for a response (RFC 9213 §2.1): the first valid,
 * non-empty field of its target list, else {@code Cache-Control}.
 *
 * <p>The target list, most specific first:
 * <ol>
 *   <li>{@code Strata-Cache-Control}: aimed at Strata alone; a Structured Field Dictionary like
 *       {@code CDN-Cache-Control}. Never forwarded.</li>
 *   <li>{@code CDN-Cache-Control} (RFC 9213 §3): aimed at every CDN-like shared cache. Obeyed and
 *       removed, as RFC 9213 §3 lets a cache that uses it do: forwarded, it would show every client
 *       the origin's policy for shared caches.</li>
 *   <li>{@code Surrogate-Control} (W3C Edge Architecture): the older surrogate field, in
 *       {@code Cache-Control} syntax; directives targeted at a named device ({@code ;name}) are
 *       ignored. Never forwarded: that note asks surrogates to remove it.</li>
 * </ol>
 * When a targeted field is used, {@code Cache-Control} and {@code Expires} are ignored for
 * Strata's own caching; both still go to the client unchanged.
 */
public final class TargetedCacheControl {
    /** Strata's own targeted field. */
    public static final String STRATA = "Strata-Cache-Control";
    /** RFC 9213's field for CDN caches. */
    public static final String CDN = "CDN-Cache-Control";
    /** The Edge Architecture surrogate field. */
    public static final String SURROGATE = "Surrogate-Control";

    /** Directives whose value must be an integer (delta-seconds). */
    private static final Set<String> INTEGER_DIRECTIVES = Set.of("max-age", "s-maxage", "stale-while-revalidate",
            "stale-if-error");
    /** Directives that take no value but may carry a field-name list. */
    private static final Set<String> LIST_DIRECTIVES = Set.of("no-cache", "private");
    /** Directives that take no value. */
    private static final Set<String> FLAG_DIRECTIVES = Set.of("no-store", "public", "must-revalidate",
            "proxy-revalidate", "immutable", "no-transform", "must-understand");

    private TargetedCacheControl() {
    }

    /**
     * The directives chosen for a response.
     *
     * @param directives what Strata obeys
     * @param source the field they came from ({@code Cache-Control} when no targeted field applied)
     * @param targeted whether a targeted field applied, so {@code Expires} is to be ignored
     */
    public record Selection(CacheControl directives, String source, boolean targeted) {
    }

    /** Selects the directives for a response's header fields. */
    public static Selection select(Headers headers) {
        CacheControl strata = structured(headers, STRATA);
        if (strata != null) {
            return new Selection(strata, STRATA, true);
        }
        CacheControl cdn = structured(headers, CDN);
        if (cdn != null) {
            return new Selection(cdn, CDN, true);
        }
        CacheControl surrogate = surrogate(headers);
        if (surrogate != null) {
            return new Selection(surrogate, SURROGATE, true);
        }
        return new Selection(CacheControl.parse(headers.all("Cache-Control")), "Cache-Control", false);
    }

    /** Whether a response field is one Strata consumes and never sends on. */
    public static boolean withheld(String fieldName) {
        // asked for every field a hit writes: compare, do not lower-case
        return STRATA.equalsIgnoreCase(fieldName) || CDN.equalsIgnoreCase(fieldName)
                || SURROGATE.equalsIgnoreCase(fieldName);
    }

    /** A targeted field read as an RFC 8941 dictionary; {@code null} when absent, empty or invalid. */
    static CacheControl structured(Headers headers, String field) {
        Map<String, StructuredDictionary.Item> members = StructuredDictionary.parse(headers.all(field));
        if (members == null) {
            return null;
        }
        Map<String, String> directives = new LinkedHashMap<>();
        for (Map.Entry<String, StructuredDictionary.Item> e : members.entrySet()) {
            String name = e.getKey();
            StructuredDictionary.Item item = e.getValue();
            if (INTEGER_DIRECTIVES.contains(name)) {
                if (item.type() != StructuredDictionary.Type.INTEGER || item.integer() < 0) {
                    return null;
                }
                directives.put(name, Long.toString(item.integer()));
            } else if (LIST_DIRECTIVES.contains(name)) {
                if (item.type() == StructuredDictionary.Type.BOOLEAN && item.bool()) {
                    directives.put(name, "");
                } else if (item.type() == StructuredDictionary.Type.STRING
                        || item.type() == StructuredDictionary.Type.INNER_LIST) {
                    directives.put(name, item.text());
                } else {
                    return null;
                }
            } else if (FLAG_DIRECTIVES.contains(name)) {
                if (item.type() != StructuredDictionary.Type.BOOLEAN || !item.bool()) {
                    return null;
                }
                directives.put(name, "");
            } else {
                directives.put(name, item.text() == null ? "" : item.text());
            }
        }
        return CacheControl.of(directives);
    }

    /** {@code Surrogate-Control} without device-targeted directives; {@code null} when nothing is left. */
    static CacheControl surrogate(Headers headers) {
        if (!headers.has(SURROGATE)) {
            return null;
        }
        java.util.List<String> untargeted = new java.util.ArrayList<>();
        for (String line : headers.all(SURROGATE)) {
            for (String part : splitOutsideQuotes(line)) {
                String p = part.trim();
                if (!p.isEmpty() && !p.contains(";")) {
                    untargeted.add(p);
                }
            }
        }
        CacheControl cc = CacheControl.parse(untargeted);
        return cc.isEmpty() ? null : cc;
    }

    private static java.util.List<String> splitOutsideQuotes(String line) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ',' && !quoted) {
                parts.add(line.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(line.substring(start));
        return parts;
    }
}
