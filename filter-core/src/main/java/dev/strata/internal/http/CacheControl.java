package dev.strata.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsed {@code Cache-Control} directives (RFC 9111 §5.2) of a request or response.
 *
 * <p>Names are case-insensitive, values may be tokens or quoted strings, unknown directives are
 * kept but ignored by the policies. A delta-seconds directive that is malformed or repeated with
 * different values reads as {@code 0}: RFC 9111 §4.2.1 allows treating such a response as stale,
 * which is the safe reading for a shared cache.
 */
public final class CacheControl {
    /** Value of a delta-seconds directive that is absent. */
    public static final long ABSENT = -1;

    private static final CacheControl EMPTY = new CacheControl(Map.of());
    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    /** Parses every field value of the header (repeated fields are one list). */
    public static CacheControl parse(List<String> fieldValues) {
        if (fieldValues == null || fieldValues.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : fieldValues) {
            parseInto(field, out);
        }
        return out.isEmpty() ? EMPTY : new CacheControl(out);
    }

    /** Parses one field value. */
    public static CacheControl parse(String fieldValue) {
        return fieldValue == null ? EMPTY : parse(List.of(fieldValue));
    }

    private static final String CONFLICT = "\u0000conflict";

    private static void parseInto(String s, Map<String, String> out) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',') {
                i++;
            }
            String rawName = s.substring(start, i);
            String name = rawName.trim().toLowerCase(Locale.ROOT);
            String value = "";
            // RFC 9111 §5.2: no whitespace is allowed around "="; a directive written "max-age =5" or
            // "max-age= 5" is not the directive at all and is ignored.
            boolean malformed = false;
            if (i < n && s.charAt(i) == '=') {
                malformed = rawName.length() != rawName.stripTrailing().length();
                i++;
                if (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                    malformed = true;
                }
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder v = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        v.append(s.charAt(i++));
                    }
                    i++;
                    value = v.toString();
                    while (i < n && s.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int vs = i;
                    while (i < n && s.charAt(i) != ',') {
                        i++;
                    }
                    value = s.substring(vs, i).trim();
                }
            }
            if (!name.isEmpty() && !malformed) {
                put(out, name, value);
            }
        }
    }

    private static void put(Map<String, String> out, String name, String value) {
        String previous = out.putIfAbsent(name, value);
        if (previous != null && !previous.equals(value)) {
            out.put(name, CONFLICT);
        }
    }

    /**
     * Directives already parsed elsewhere (a structured-field targeted field, RFC 9213): names
     * lower-case, arguments as they would read in {@code Cache-Control}, {@code ""} for none.
     */
    public static CacheControl of(Map<String, String> directives) {
        return directives.isEmpty() ? EMPTY : new CacheControl(new LinkedHashMap<>(directives));
    }

    /** Whether a directive is present, in any form. */
    public boolean has(String name) {
        return directives.containsKey(name);
    }

    /** The directive's argument, {@code ""} when it has none, {@code null} when absent. */
    public String argument(String name) {
        String v = directives.get(name);
        return v == CONFLICT ? "" : v;
    }

    /**
     * A delta-seconds directive: {@link #ABSENT} when missing, {@code 0} when malformed or
     * conflicting, capped at 2^31 seconds as RFC 9111 §1.2.2 says.
     */
    public long seconds(String name) {
        String v = directives.get(name);
        if (v == null) {
            return ABSENT;
        }
        return v == CONFLICT ? 0 : deltaSeconds(v);
    }

    /**
     * Delta-seconds (RFC 9111 §1.2.2): 1*DIGIT, capped at 2^31; {@code 0} when empty or not all
     * digits. Leading zeros do not count towards the cap.
     */
    static long deltaSeconds(String v) {
        if (v.isEmpty()) {
            return 0;
        }
        int firstNonZero = v.length();
        for (int i = v.length() - 1; i >= 0; i--) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            if (c != '0') {
                firstNonZero = i;
            }
        }
        if (v.length() - firstNonZero > 10) {
            return 2147483648L;
        }
        return firstNonZero == v.length() ? 0 : Math.min(Long.parseLong(v.substring(firstNonZero)), 2147483648L);
    }

    /**
     * Whether a directive is present without an argument: {@code no-cache} or {@code private} that
     * apply to the whole response rather than to listed fields (RFC 9111 §5.2.2.4, §5.2.2.7).
     */
    public boolean unqualified(String name) {
        String v = directives.get(name);
        return v != null && (v.isEmpty() || v == CONFLICT);
    }

    /**
     * The lower-cased field names listed in a directive's argument ({@code no-cache="a, b"}), empty
     * when the directive is absent or has no argument.
     */
    public java.util.Set<String> fieldNames(String name) {
        String v = directives.get(name);
        if (v == null || v.isEmpty() || v == CONFLICT) {
            return java.util.Set.of();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String part : v.split(",")) {
            String field = part.trim().toLowerCase(Locale.ROOT);
            if (!field.isEmpty()) {
                names.add(field);
            }
        }
        return names;
    }

    /** Whether no directive is present. */
    public boolean isEmpty() {
        return directives.isEmpty();
    }

    @Override
    public String toString() {
        return directives.toString();
    }
}
