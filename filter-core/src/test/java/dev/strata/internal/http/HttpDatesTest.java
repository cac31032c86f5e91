package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HttpDatesTest {
    /** Sun, 06 Nov 1994 08:49:37 GMT, the example of RFC 9110 §5.6.7. */
    private static final long EXAMPLE = 784111777000L;

    @Test
    void rfc9110_5_6_7_imfFixdate() {
        assertEquals(EXAMPLE, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
    }

    @Test
    void rfc9110_5_6_7_obsoleteRfc850Date() {
        assertEquals(EXAMPLE, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
    }

    @Test
    void rfc9110_5_6_7_rfc850TwoDigitYearInTheNearFutureStaysInThisCentury() {
        // 2030-01-01 was a Tuesday; "30" is less than 50 years ahead, so 2030 not 1930
        assertEquals(HttpDates.parse("Tue, 01 Jan 2030 00:00:00 GMT"),
                HttpDates.parse("Tuesday, 01-Jan-30 00:00:00 GMT"));
    }

    @Test
    void rfc9110_5_6_7_asctimeDate() {
        assertEquals(EXAMPLE, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(EXAMPLE, HttpDates.parse("Thu Nov  6 08:49:37 1994"), "the day name is not checked");
        assertEquals(EXAMPLE, HttpDates.parse("sun nov  6 08:49:37 1994"));
        assertEquals(Long.MIN_VALUE, HttpDates.parse("Sun Nov 32 08:49:37 1994"));
        assertEquals(HttpDates.parse("Thu, 16 Nov 1995 08:49:37 GMT"), HttpDates.parse("Thu Nov 16 08:49:37 1995"));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertEquals(EXAMPLE, HttpDates.parse("  Sun, 06 Nov 1994 08:49:37 GMT \t"));
    }

    @Test
    void invalidIsMinValue() {
        String[] invalid = {null, "", "0", "-1", "tomorrow", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "1994-11-06T08:49:37Z",
            "Sun, 06 Foo 1994 08:49:37 GMT", "784111777"};
        for (String v : invalid) {
            assertEquals(Long.MIN_VALUE, HttpDates.parse(v), String.valueOf(v));
        }
    }

    @Test
    void formatIsImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(EXAMPLE));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(0));
    }

    @Test
    void formatRoundTripsToWholeSeconds() {
        long[] times = {0, EXAMPLE, 1_700_000_000_000L, 4_102_444_800_000L, 951_782_400_000L /* 2000-02-29 */};
        for (long t : times) {
            assertEquals(t, HttpDates.parse(HttpDates.format(t)), HttpDates.format(t));
        }
        assertEquals(EXAMPLE, HttpDates.parse(HttpDates.format(EXAMPLE + 999)));
    }

    @Test
    void rfc9110_5_6_7_namesAndZoneInAnyCase() {
        assertEquals(HttpDates.parse("Thu, 18 Aug 2050 02:01:18 GMT"), HttpDates.parse("THU, 18 AUG 2050 02:01:18 gmt"));
        assertEquals(Long.MIN_VALUE, HttpDates.parse("Thu, 18 Aug 2050 02:01:18 UTC"));
        assertEquals(Long.MIN_VALUE, HttpDates.parse("Thu, 18-Aug-2050 02:01:18 GMT"));
        assertEquals(Long.MIN_VALUE, HttpDates.parse("Thu, 18 Aug 2050 2:01:18 GMT"));
    }

    @Test
    void rfc9110_5_6_7_imfFixdateReadOnEveryDayOfFourCenturies() {
        // the hand-read usual form must agree with the formatter on every calendar day, leap days too
        java.util.Random random = new java.util.Random(7);
        for (long day = -25_567; day < 120_000; day++) {
            long t = day * 86_400_000L + random.nextInt(86_400) * 1000L;
            String text = HttpDates.format(t);
            assertEquals(t, HttpDates.parse(text), text);
            assertEquals(t, HttpDates.parse(text.toUpperCase(java.util.Locale.ROOT)), text);
        }
    }

    @Test
    void rfc9110_5_6_7_imfFixdateWithTheWrongDayNameOrNoSuchDayIsInvalid() {
        String[] invalid = {"Mon, 06 Nov 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT", "Thu, 29 Feb 2001 00:00:00 GMT", "Sun, 06 Nov 1994 08:60:37 GMT",
            "Sun, 06 Nov 1994 08:49:60 GMT", "Sun, 06 Nov 1994 08:49:3x GMT", "Sun, 00 Nov 1994 08:49:37 GMT"};
        for (String v : invalid) {
            assertEquals(Long.MIN_VALUE, HttpDates.parse(v), v);
        }
    }

    @Test
    void rfc9110_5_6_7_imfFixdateIsReadWithoutTheFormatters() {
        // the usual form is read by hand: the formatters allocate a parse context and field maps
        String date = "Sun, 06 Nov 1994 08:49:37 GMT";
        long[] sum = {0};
        long bytes = dev.strata.testing.Allocation.of(() -> {
            for (int i = 0; i < 10_000; i++) {
                sum[0] += HttpDates.parse(date);
            }
        });
        assertEquals(EXAMPLE * 10_000, sum[0]);
        org.junit.jupiter.api.Assertions.assertTrue(bytes / 10_000 < 128, "10,000 parses allocated " + bytes + " bytes");
    }
}
