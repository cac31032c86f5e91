package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TargetedCacheControlTest {
    private static TargetedCacheControl.Selection select(String... headers) {
        return TargetedCacheControl.select(Headers.of(headers));
    }

    @Test
    void rfc9213_2_1_withoutTargetedFieldsCacheControlApplies() {
        TargetedCacheControl.Selection s = select("Cache-Control", "max-age=5");
        assertEquals("Cache-Control", s.source());
        assertFalse(s.targeted());
        assertEquals(5, s.directives().seconds("max-age"));
    }

    @Test
    void rfc9213_2_1_firstValidFieldOfTheTargetListWins() {
        assertEquals(TargetedCacheControl.STRATA, select("Cache-Control", "max-age=1", "CDN-Cache-Control",
                "max-age=2", "Strata-Cache-Control", "max-age=3").source());
        assertEquals(3, select("CDN-Cache-Control", "max-age=2", "Strata-Cache-Control", "max-age=3").directives()
                .seconds("max-age"));
        assertEquals(TargetedCacheControl.CDN, select("Cache-Control", "no-store", "CDN-Cache-Control",
                "max-age=2", "Surrogate-Control", "max-age=9").source());
        assertEquals(TargetedCacheControl.SURROGATE, select("Surrogate-Control", "max-age=9").source());
    }

    @Test
    void rfc9213_2_1_invalidOrEmptyTargetedFieldFallsBack() {
        assertEquals(TargetedCacheControl.CDN, select("Strata-Cache-Control", "max-age=\"3\"", "CDN-Cache-Control",
                "max-age=2").source());
        assertEquals("Cache-Control", select("CDN-Cache-Control", "", "Cache-Control", "max-age=2").source());
        assertEquals("Cache-Control", select("CDN-Cache-Control", "max-age=1.5").source());
        assertEquals("Cache-Control", select("CDN-Cache-Control", "no-store=1").source());
        assertEquals("Cache-Control", select("CDN-Cache-Control", "max-age=-1").source());
    }

    @Test
    void rfc9213_2_1_targetedDirectivesReadLikeCacheControl() {
        CacheControl cc = select("CDN-Cache-Control", "private=\"X-User\", must-revalidate, s-maxage=7, foo=bar")
                .directives();
        assertFalse(cc.unqualified("private"));
        assertEquals(java.util.Set.of("x-user"), cc.fieldNames("private"));
        assertTrue(cc.has("must-revalidate"));
        assertEquals(7, cc.seconds("s-maxage"));
        assertTrue(cc.has("foo"));
        assertTrue(select("CDN-Cache-Control", "no-cache").directives().unqualified("no-cache"));
    }

    @Test
    void surrogateControlIgnoresDeviceTargetedDirectives() {
        assertEquals("Cache-Control", select("Surrogate-Control", "max-age=60;edge1").source());
        CacheControl cc = select("Surrogate-Control", "no-store;edge1, max-age=60").directives();
        assertFalse(cc.has("no-store"));
        assertEquals(60, cc.seconds("max-age"));
        assertEquals(60, select("Surrogate-Control", "MaX-aGe=60").directives().seconds("max-age"));
    }

    @Test
    void targetedFieldsAreWithheldCacheControlIsNot() {
        assertTrue(TargetedCacheControl.withheld("Strata-Cache-Control"));
        assertTrue(TargetedCacheControl.withheld("surrogate-control"));
        assertTrue(TargetedCacheControl.withheld("CDN-Cache-Control"));
        assertFalse(TargetedCacheControl.withheld("Cache-Control"));
    }
}
