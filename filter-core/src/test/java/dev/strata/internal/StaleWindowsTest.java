package dev.strata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.internal.http.CacheControl;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 5861 windows against RFC 9111 §5.2.2: which responses may be served stale, and for how long. */
class StaleWindowsTest {
    private final Settings defaults = Settings.parse(Map.of("staleWhileRevalidate", "30s", "staleIfError", "60s"));

    @Test
    void theResponsesOwnDirectiveWinsOverTheDefault() {
        CacheControl cc = CacheControl.parse("max-age=10, stale-while-revalidate=5, stale-if-error=7");
        assertEquals(5_000, StaleWindows.whileRevalidate(cc, defaults));
        assertEquals(7_000, StaleWindows.ifError(cc, defaults));
    }

    @Test
    void withoutADirectiveTheConfiguredDefaultApplies() {
        CacheControl cc = CacheControl.parse("max-age=10");
        assertEquals(30_000, StaleWindows.whileRevalidate(cc, defaults));
        assertEquals(60_000, StaleWindows.ifError(cc, defaults));
    }

    @Test
    void rfc9111_5_2_2_revalidationDirectivesForbidAnyStaleWindow() {
        for (String directive : new String[] {"must-revalidate", "proxy-revalidate", "no-cache"}) {
            CacheControl cc = CacheControl.parse("max-age=10, stale-while-revalidate=5, " + directive);
            assertEquals(0, StaleWindows.whileRevalidate(cc, defaults), directive);
            assertEquals(0, StaleWindows.ifError(cc, defaults), directive);
        }
    }

    @Test
    void rfc9111_5_2_2_10_sMaxageForbidsTheDefaultsButNotTheOriginsOwnWindow() {
        CacheControl bare = CacheControl.parse("s-maxage=10");
        assertEquals(0, StaleWindows.whileRevalidate(bare, defaults));
        assertEquals(0, StaleWindows.ifError(bare, defaults));
        CacheControl explicit = CacheControl.parse("s-maxage=10, stale-while-revalidate=5");
        assertEquals(5_000, StaleWindows.whileRevalidate(explicit, defaults));
    }
}
