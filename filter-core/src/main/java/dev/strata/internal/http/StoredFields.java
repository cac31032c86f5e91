package dev.strata.internal.http;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which response header fields a shared cache keeps (RFC 9111 §3.1) and how a {@code 304} or other
 * freshening response updates them (§3.2, §4.3.4).
 */
public final class StoredFields {
    /**
     * Never stored: hop-by-hop fields (RFC 9110 §7.6.1), fields the cache computes itself ({@code Age},
     * {@code Content-Length}) and status fields of other caches.
     */
    static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authentication-info", "proxy-authorization", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "age", "content-length", "x-cache", "cache-status", "set-cookie",
            "set-cookie2");
    /**
     * Single-valued fields a container may add on its own before the application or proxy adds the
     * origin's: when repeated, the last value (the origin's) is the one kept.
     */
    static final Set<String> LAST_WINS = Set.of("date", "server");

    private StoredFields() {
    }

    /**
     * The fields to store from a response.
     *
     * @param headers the response fields as sent
     * @param cc the directives Strata obeys for it: fields named by {@code no-cache="..."} and
     *     {@code private="..."} are left out (§5.2.2.4, §5.2.2.7)
     */
    public static Headers forStorage(Headers headers, CacheControl cc) {
        Set<String> omitted = new HashSet<>(connectionNamed(headers));
        omitted.addAll(cc.fieldNames("no-cache"));
        omitted.addAll(cc.fieldNames("private"));
        Headers.Builder b = new Headers.Builder();
        for (int i = 0; i < headers.size(); i++) {
            String lower = headers.name(i).toLowerCase(Locale.ROOT);
            if (NOT_STORED.contains(lower) || omitted.contains(lower)) {
                continue;
            }
            if (LAST_WINS.contains(lower) && laterOccurrence(headers, i)) {
                continue;
            }
            b.add(headers.name(i), headers.value(i));
        }
        return b.build();
    }

    /**
     * The stored fields freshened by a {@code 304} (or a {@code 200} to {@code HEAD}): every field
     * the update carries replaces all stored values of that field; {@code Content-Length} and the
     * fields never stored are not taken from it (§3.2).
     *
     * @param stored the stored fields
     * @param update the freshening response's fields, as sent
     */
    public static Headers freshened(Headers stored, Headers update) {
        Headers taken = forStorage(update, CacheControl.parse(List.of()));
        Set<String> replaced = new HashSet<>();
        for (int i = 0; i < taken.size(); i++) {
            replaced.add(taken.name(i).toLowerCase(Locale.ROOT));
        }
        Headers.Builder b = new Headers.Builder();
        for (int i = 0; i < stored.size(); i++) {
            if (!replaced.contains(stored.name(i).toLowerCase(Locale.ROOT))) {
                b.add(stored.name(i), stored.value(i));
            }
        }
        for (int i = 0; i < taken.size(); i++) {
            b.add(taken.name(i), taken.value(i));
        }
        return b.build();
    }

    /**
     * The fields with the earlier values of repeated single-valued fields ({@code Date},
     * {@code Server}) dropped: a container's own value comes before the origin's.
     */
    public static Headers lastWins(Headers headers) {
        Headers.Builder b = new Headers.Builder();
        for (int i = 0; i < headers.size(); i++) {
            if (!LAST_WINS.contains(headers.name(i).toLowerCase(Locale.ROOT)) || !laterOccurrence(headers, i)) {
                b.add(headers.name(i), headers.value(i));
            }
        }
        return b.build();
    }

    /** Lower-case names listed in the response's {@code Connection} (RFC 9110 §7.6.1). */
    static Set<String> connectionNamed(Headers headers) {
        Set<String> names = new HashSet<>();
        for (String value : headers.all("Connection")) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    names.add(t);
                }
            }
        }
        return names;
    }

    private static boolean laterOccurrence(Headers headers, int index) {
        for (int j = index + 1; j < headers.size(); j++) {
            if (headers.name(j).equalsIgnoreCase(headers.name(index))) {
                return true;
            }
        }
        return false;
    }
}
