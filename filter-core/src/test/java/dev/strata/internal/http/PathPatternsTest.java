package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternsTest {
    private static PathPatterns include(String... patterns) {
        return new PathPatterns(List.of(patterns), List.of());
    }

    @Test
    void slashStarMatchesEverything() {
        PathPatterns p = include("/*");
        assertTrue(p.cached("/"));
        assertTrue(p.cached("/a/b/c.css"));
        assertTrue(p.cached(""));
    }

    @Test
    void exactMatch() {
        PathPatterns p = include("/a/b");
        assertTrue(p.cached("/a/b"));
        assertFalse(p.cached("/a/b/"));
        assertFalse(p.cached("/a/bc"));
        assertFalse(p.cached("/a"));
    }

    @Test
    void prefixMatchIncludesTheBarePrefix() {
        PathPatterns p = include("/api/*");
        assertTrue(p.cached("/api"));
        assertTrue(p.cached("/api/"));
        assertTrue(p.cached("/api/v1/x"));
        assertFalse(p.cached("/apix"));
        assertFalse(p.cached("/other/api/x"));
    }

    @Test
    void extensionMatch() {
        PathPatterns p = include("*.css");
        assertTrue(p.cached("/a.css"));
        assertTrue(p.cached("/x/y/site.min.css"));
        assertFalse(p.cached("/a.css/x"));
        assertFalse(p.cached("/a.cssx"));
        assertFalse(p.cached("/acss"));
    }

    @Test
    void excludesWinOverIncludes() {
        PathPatterns p = new PathPatterns(List.of("/*"), List.of("/admin/*", "*.jsp", "/login"));
        assertTrue(p.cached("/home"));
        assertFalse(p.cached("/admin"));
        assertFalse(p.cached("/admin/x"));
        assertFalse(p.cached("/home/index.jsp"));
        assertFalse(p.cached("/login"));
        assertTrue(p.cached("/login/x"));
    }

    @Test
    void noIncludesCachesNothing() {
        assertFalse(include().cached("/a"));
    }

    @Test
    void badPatternsAreRejected() {
        for (String bad : new String[] {"", "a/b", "/a*", "/a/*/b", "*", "*.", "*.c/ss", "**.css", "/*.css", "*.*"}) {
            assertThrows(IllegalArgumentException.class, () -> include(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> new PathPatterns(List.of(), List.of(bad)), bad);
        }
    }

    @Test
    void goodPatternsAreAccepted() {
        include("/", "/a", "/a/*", "/*", "*.css", "*.tar.gz");
    }
}
