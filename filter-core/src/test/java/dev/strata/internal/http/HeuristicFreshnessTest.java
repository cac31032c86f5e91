package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeuristicFreshnessTest {
    private static final long NOW = 1_700_000_000_000L;

    private static long lifetime(int status, String cc, long lastModifiedAgo) {
        Headers h = Headers.of("Date", HttpDates.format(NOW), "Last-Modified", HttpDates.format(NOW - lastModifiedAgo));
        return HeuristicFreshness.lifetime(status, h, CacheControl.parse(cc), NOW);
    }

    @Test
    void rfc9111_4_2_2_aTenthOfTheTimeSinceLastModified() {
        assertEquals(360_000, lifetime(200, null, 3_600_000));
    }

    @Test
    void cappedAtOneDay() {
        assertEquals(HeuristicFreshness.MAX_MILLIS, lifetime(200, null, 365L * 24 * 3_600_000));
    }

    @Test
    void rfc9110_15_1_onlyHeuristicallyCacheableStatusesOrPublic() {
        for (int status : new int[] {200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501}) {
            assertEquals(360_000, lifetime(status, null, 3_600_000), "status " + status);
        }
        for (int status : new int[] {201, 202, 302, 403, 500, 502, 503, 504, 599}) {
            assertEquals(Freshness.NONE, lifetime(status, null, 3_600_000), "status " + status);
        }
        assertEquals(360_000, lifetime(599, "public", 3_600_000));
    }

    @Test
    void noOrInvalidOrFutureLastModifiedGivesNone() {
        assertEquals(Freshness.NONE, HeuristicFreshness.lifetime(200, Headers.of(), CacheControl.parse(""), NOW));
        assertEquals(Freshness.NONE, HeuristicFreshness.lifetime(200, Headers.of("Last-Modified", "yesterday"),
                CacheControl.parse(""), NOW));
        assertEquals(Freshness.NONE, lifetime(200, null, -60_000));
    }

    @Test
    void missingDateUsesTheResponseTime() {
        Headers h = Headers.of("Last-Modified", HttpDates.format(NOW - 1_000_000));
        assertEquals(100_000, HeuristicFreshness.lifetime(200, h, CacheControl.parse(""), NOW));
    }
}
