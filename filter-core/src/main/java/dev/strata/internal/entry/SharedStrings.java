package dev.strata.internal.entry;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance per distinct header field name, and per distinct value of the fields whose values
 * repeat from entry to entry ({@code Content-Type}, {@code Cache-Control}, {@code Server}...), among
 * the entries decoded in this JVM. Every decoded entry would otherwise hold its own copy of
 * {@code "Cache-Control"} and {@code "application/json"}: about 40 bytes of object overhead per
 * string, ten strings per entry, kept for as long as the entry sits in tier 1's heap tier.
 *
 * <p>Bounded: past {@value #MAX_SHARED} distinct names or values, new ones are kept as they are.
 */
final class SharedStrings {
    /** Most distinct names, and most distinct values, kept. */
    static final int MAX_SHARED = 4096;
    /** Longer values are not shared (they rarely repeat). */
    static final int MAX_VALUE_LENGTH = 128;
    /** Lower-cased names of fields whose values are shared. */
    private static final Set<String> REPEATING_VALUES = Set.of("content-type", "cache-control", "server", "vary",
            "content-encoding", "content-language", "accept-ranges", "x-content-type-options", "x-frame-options",
            "access-control-allow-origin", "strict-transport-security", "referrer-policy", "cdn-cache-control",
            "surrogate-control", "x-powered-by", "via", "pragma");

    /** A field name and whether its values are shared. */
    record Name(String text, boolean valuesRepeat) {
    }

    private static final Map<String, Name> NAMES = new ConcurrentHashMap<>();
    private static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    private SharedStrings() {
    }

    /** The shared instance of a field name. */
    static Name name(String name) {
        Name shared = NAMES.get(name);
        if (shared != null) {
            return shared;
        }
        Name fresh = new Name(name, REPEATING_VALUES.contains(name.toLowerCase(Locale.ROOT)));
        if (NAMES.size() >= MAX_SHARED) {
            return fresh;
        }
        shared = NAMES.putIfAbsent(name, fresh);
        return shared == null ? fresh : shared;
    }

    /** The shared instance of a value of a field whose values repeat. */
    static String value(Name name, String value) {
        if (!name.valuesRepeat() || value.length() > MAX_VALUE_LENGTH) {
            return value;
        }
        String shared = VALUES.get(value);
        if (shared != null) {
            return shared;
        }
        if (VALUES.size() >= MAX_SHARED) {
            return value;
        }
        shared = VALUES.putIfAbsent(value, value);
        return shared == null ? value : shared;
    }
}
