package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestDirectivesTest {
    @Test
    void rfc9111_5_2_1_directivesAreRead() {
        RequestDirectives d = RequestDirectives.parse("No-Cache, no-store, max-age=5, max-stale=7, min-fresh=9, "
                + "only-if-cached", null);
        assertTrue(d.noCache());
        assertTrue(d.noStore());
        assertEquals(5, d.maxAgeSeconds());
        assertEquals(7, d.maxStaleSeconds());
        assertEquals(9, d.minFreshSeconds());
        assertTrue(d.onlyIfCached());
    }

    @Test
    void rfc9111_5_2_1_2_maxStaleWithoutValueAcceptsAnyStaleness() {
        assertEquals(Long.MAX_VALUE, RequestDirectives.parse("max-stale", null).maxStaleSeconds());
    }

    @Test
    void absentDirectivesAreAbsent() {
        RequestDirectives d = RequestDirectives.parse("foo", null);
        assertFalse(d.noCache());
        assertEquals(CacheControl.ABSENT, d.maxAgeSeconds());
        assertEquals(RequestDirectives.NONE, RequestDirectives.parse(null, null));
    }

    @Test
    void rfc9111_5_4_pragmaNoCacheOnlyWithoutCacheControl() {
        assertTrue(RequestDirectives.parse(null, "no-cache").noCache());
        assertTrue(RequestDirectives.parse(null, "x, No-Cache").noCache());
        assertFalse(RequestDirectives.parse("max-age=5", "no-cache").noCache());
        assertFalse(RequestDirectives.parse(null, "unrecognised-extension").noCache());
        assertFalse(RequestDirectives.parse(null, "no-cache-please").noCache());
    }
}
