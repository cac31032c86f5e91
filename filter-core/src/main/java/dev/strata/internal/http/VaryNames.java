package dev.strata.internal.http;

import java.util.Locale;
import java.util.TreeSet;

/** Parsing of the {@code Vary} field (RFC 9110 §12.5.5) into sorted, lower-case field names. */
public final class VaryNames {
    private static final String[] NONE = new String[0];

    private VaryNames() {
    }

    /**
     * The distinct field names, lower-cased and sorted so that two spellings of one {@code Vary}
     * build one key; an empty array for no {@code Vary}; {@code null} for {@code *} (never
     * served from cache).
     */
    public static String[] parse(String joinedValues) {
        if (joinedValues == null) {
            return NONE;
        }
        TreeSet<String> names = new TreeSet<>();
        for (String part : joinedValues.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.equals("*")) {
                return null;
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names.isEmpty() ? NONE : names.toArray(NONE);
    }
}
