package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FreshnessTest {
    /** Sun, 06 Nov 1994 08:49:37 GMT. */
    private static final long DATE = 784111777000L;
    private static final String DATE_TEXT = "Sun, 06 Nov 1994 08:49:37 GMT";

    private static long lifetime(String cacheControl, String... headers) {
        return Freshness.explicitLifetime(Headers.of(headers), CacheControl.parse(cacheControl), DATE + 5_000);
    }

    @Test
    void rfc9111_4_2_1_sMaxAgeBeatsMaxAge() {
        assertEquals(120_000, lifetime("max-age=60, s-maxage=120"));
        assertEquals(10_000, lifetime("s-maxage=10, max-age=60"));
    }

    @Test
    void rfc9111_4_2_1_sMaxAgeBeatsExpires() {
        assertEquals(7_000, lifetime("s-maxage=7", "Date", DATE_TEXT, "Expires", HttpDates.format(DATE + 3_600_000)));
    }

    @Test
    void rfc9111_4_2_1_maxAgeBeatsExpires() {
        assertEquals(60_000, lifetime("max-age=60", "Date", DATE_TEXT, "Expires", HttpDates.format(DATE + 3_600_000)));
        assertEquals(60_000, lifetime("max-age=60", "Expires", "0"));
    }

    @Test
    void rfc9111_4_2_1_expiresMinusDate() {
        assertEquals(3_600_000, lifetime(null, "Date", DATE_TEXT, "Expires", HttpDates.format(DATE + 3_600_000)));
    }

    @Test
    void rfc9111_4_2_1_expiresBeforeDateIsZero() {
        assertEquals(0, lifetime(null, "Date", DATE_TEXT, "Expires", HttpDates.format(DATE - 60_000)));
    }

    @Test
    void rfc9111_5_3_invalidExpiresMeansStale() {
        assertEquals(0, lifetime(null, "Date", DATE_TEXT, "Expires", "0"));
        assertEquals(0, lifetime(null, "Date", DATE_TEXT, "Expires", "-1"));
        assertEquals(0, lifetime(null, "Date", DATE_TEXT, "Expires", "tomorrow"));
        assertEquals(0, lifetime(null, "Expires", ""));
    }

    @Test
    void rfc9111_5_3_multipleExpiresFieldsAreInvalid() {
        String later = HttpDates.format(DATE + 3_600_000);
        assertEquals(0, lifetime(null, "Date", DATE_TEXT, "Expires", later, "Expires", later));
    }

    @Test
    void rfc9111_4_2_1_missingDateUsesResponseTime() {
        // response time is DATE + 5 s
        assertEquals(55_000, lifetime(null, "Expires", HttpDates.format(DATE + 60_000)));
    }

    @Test
    void invalidDateUsesResponseTime() {
        assertEquals(55_000, lifetime(null, "Date", "garbage", "Expires", HttpDates.format(DATE + 60_000)));
    }

    @Test
    void rfc9111_4_2_1_noExplicitFreshnessIsNone() {
        assertEquals(Freshness.NONE, lifetime(null));
        assertEquals(Freshness.NONE, lifetime("public, must-revalidate", "Date", DATE_TEXT, "Last-Modified", DATE_TEXT));
    }

    @Test
    void malformedMaxAgeIsZeroNotNone() {
        assertEquals(0, lifetime("max-age=soon"));
    }

    @Test
    void rfc9111_1_2_2_cappedMaxAgeDoesNotOverflow() {
        assertEquals(2147483648L * 1000, lifetime("max-age=99999999999999999999"));
    }

    @Test
    void rfc9111_4_2_3_initialAgeWithoutDateOrAgeIsResponseDelay() {
        assertEquals(300, Freshness.initialAge(Headers.of(), 1_000, 1_300));
    }

    @Test
    void rfc9111_4_2_3_apparentAgeWinsWhenLarger() {
        Headers h = Headers.of("Date", DATE_TEXT, "Age", "2");
        // apparent age 10 s; corrected age 2 s + 0.5 s delay
        assertEquals(10_000, Freshness.initialAge(h, DATE + 9_500, DATE + 10_000));
    }

    @Test
    void rfc9111_4_2_3_ageHeaderPlusResponseDelayWinsWhenLarger() {
        Headers h = Headers.of("Date", DATE_TEXT, "Age", "30");
        // apparent age 1 s; corrected age 30 s + 0.2 s delay
        assertEquals(30_200, Freshness.initialAge(h, DATE + 800, DATE + 1_000));
    }

    @Test
    void rfc9111_4_2_3_dateInTheFutureGivesNoNegativeApparentAge() {
        Headers h = Headers.of("Date", HttpDates.format(DATE + 60_000));
        assertEquals(100, Freshness.initialAge(h, DATE - 100, DATE));
    }

    @Test
    void rfc9111_4_2_3_negativeResponseDelayIsZero() {
        assertEquals(0, Freshness.initialAge(Headers.of(), 2_000, 1_000));
    }

    @Test
    void rfc9111_5_1_malformedAgeReadsAsZero() {
        for (String bad : new String[] {"", "-5", "1.5", "abc", "abcdefghijklmnop", "12 seconds"}) {
            assertEquals(0, Freshness.initialAge(Headers.of("Age", bad), 1_000, 1_000), bad);
            assertEquals(0, Freshness.parseAgeSeconds(bad), bad);
        }
        assertEquals(0, Freshness.parseAgeSeconds(null));
    }

    @Test
    void rfc9111_1_2_2_hugeAgeCappedAt2To31() {
        assertEquals(2147483648L, Freshness.parseAgeSeconds("99999999999999999999"));
        assertEquals(2147483648L, Freshness.parseAgeSeconds("9999999999"));
        assertEquals(7, Freshness.parseAgeSeconds(" 0000000000007 "));
        assertEquals(2147483648L * 1000, Freshness.initialAge(Headers.of("Age", "99999999999999999999"), 0, 0));
    }

    @Test
    void rfc9111_5_1_aRepeatedOrListedAgeCountsItsFirstValue() {
        assertEquals(7200, Freshness.ageSeconds(Headers.of("Age", "7200", "Age", "0")));
        assertEquals(0, Freshness.ageSeconds(Headers.of("Age", "0", "Age", "7200")));
        assertEquals(7200, Freshness.ageSeconds(Headers.of("Age", "7200, 0")));
        assertEquals(0, Freshness.ageSeconds(Headers.of("Age", "0, 7200")));
        assertEquals(0, Freshness.ageSeconds(Headers.of("Age", "abc, 7200")));
        assertEquals(30, Freshness.ageSeconds(Headers.of("Age", "30")));
    }

    @Test
    void rfc9213_2_1_targetedFieldsIgnoreExpires() {
        Headers h = Headers.of("Date", DATE_TEXT, "Expires", HttpDates.format(DATE + 3_600_000));
        assertEquals(Freshness.NONE, Freshness.explicitLifetime(h, CacheControl.parse(""), true, DATE));
        assertEquals(3_600_000, Freshness.explicitLifetime(h, CacheControl.parse(""), false, DATE));
    }
}
