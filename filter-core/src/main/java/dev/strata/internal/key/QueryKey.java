package dev.strata.internal.key;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The query as it goes into the key: the raw query string, unless parameters are configured to be
 * ignored or sorted.
 *
 * <p>There is deliberately no full second parser. Both operations split only on {@code &}, the
 * one separator the servlet containers use, and touch only what every parser reads the same way:
 * <ul>
 * <li>a parameter is ignored only when its raw name is plain ({@code [A-Za-z0-9._~-]}, so no
 *     decoding can make it another name) and the raw pair holds no {@code ;}. Otherwise
 *     {@code utm_x=1;callback=evil} would be dropped from the key while an application that also
 *     splits on {@code ;} reads {@code callback=evil} ("parameter cloaking");</li>
 * <li>sorting happens only when the query holds no {@code ;} and every name is plain, and it is
 *     stable, so repeated names keep their order (the first value is the one most applications
 *     read).</li>
 * </ul>
 * Whatever cannot be handled safely is keyed raw: an extra key is a lost hit, a shared key is a
 * poisoned entry.
 */
public final class QueryKey {
    /** Keys the raw query unchanged. */
    public static final QueryKey RAW = new QueryKey(List.of(), false);

    private final List<String> exactNames;
    private final List<String> namePrefixes;
    private final boolean sort;

    /**
     * @param ignored parameter names, or prefixes ending in {@code *}, left out of the key
     * @param sort whether parameters are sorted by name
     * @throws IllegalArgumentException on a pattern that is not a plain name or plain prefix
     */
    public QueryKey(List<String> ignored, boolean sort) {
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String p : ignored) {
            boolean prefix = p.endsWith("*");
            String name = prefix ? p.substring(0, p.length() - 1) : p;
            if (name.isEmpty() || !plain(name)) {
                throw new IllegalArgumentException("'" + p + "' is not a parameter name or name prefix ending in *"
                        + " (letters, digits, . _ ~ - only)");
            }
            (prefix ? prefixes : exact).add(name);
        }
        this.exactNames = List.copyOf(exact);
        this.namePrefixes = List.copyOf(prefixes);
        this.sort = sort;
    }

    /** The query as keyed; {@code null} when there is none or every parameter was ignored. */
    public String keyed(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty() || exactNames.isEmpty() && namePrefixes.isEmpty() && !sort) {
            return rawQuery;
        }
        String[] pairs = rawQuery.split("&", -1);
        List<String> kept = new ArrayList<>(pairs.length);
        for (String pair : pairs) {
            if (!ignored(pair)) {
                kept.add(pair);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        if (sort && rawQuery.indexOf(';') < 0 && kept.stream().allMatch(p -> plain(name(p)))) {
            kept.sort(Comparator.comparing(QueryKey::name));
        } else if (kept.size() == pairs.length) {
            return rawQuery;
        }
        return String.join("&", kept);
    }

    private boolean ignored(String pair) {
        if (pair.indexOf(';') >= 0) {
            return false;
        }
        String name = name(pair);
        if (name.isEmpty() || !plain(name)) {
            return false;
        }
        if (exactNames.contains(name)) {
            return true;
        }
        for (String prefix : namePrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String name(String pair) {
        int eq = pair.indexOf('=');
        return eq < 0 ? pair : pair.substring(0, eq);
    }

    /** Characters that no query decoder changes: the raw name is the name the application sees. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '~' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
