package dev.strata.internal.http;

import java.util.List;

/**
 * Servlet-style path patterns deciding which paths the filter caches: exact ({@code /a/b}),
 * prefix ({@code /a/*}, also matching {@code /a}), extension ({@code *.css}) and {@code /*}.
 * Excludes win over includes.
 */
public final class PathPatterns {
    private final List<String> include;
    private final List<String> exclude;

    /**
     * @param include patterns cached
     * @param exclude patterns never cached
     */
    public PathPatterns(List<String> include, List<String> exclude) {
        for (String p : include) {
            validate(p);
        }
        for (String p : exclude) {
            validate(p);
        }
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
    }

    /** Whether a path inside the application (context path removed) is cached. */
    public boolean cached(String path) {
        for (String p : exclude) {
            if (matches(p, path)) {
                return false;
            }
        }
        for (String p : include) {
            if (matches(p, path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathPatterns p && include.equals(p.include) && exclude.equals(p.exclude);
    }

    @Override
    public int hashCode() {
        return include.hashCode() * 31 + exclude.hashCode();
    }

    private static void validate(String pattern) {
        boolean ok = pattern.startsWith("/") && pattern.indexOf('*') < 0
                || pattern.startsWith("/") && pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1
                || pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0
                        && pattern.lastIndexOf('*') == 0;
        if (!ok) {
            throw new IllegalArgumentException("bad path pattern '" + pattern
                    + "' (use /exact, /prefix/* or *.ext)");
        }
    }

    static boolean matches(String pattern, String path) {
        if (pattern.equals("/*")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        if (pattern.startsWith("*.")) {
            int slash = path.lastIndexOf('/');
            return path.endsWith(pattern.substring(1)) && path.indexOf('.', slash) >= 0;
        }
        return pattern.equals(path);
    }
}
