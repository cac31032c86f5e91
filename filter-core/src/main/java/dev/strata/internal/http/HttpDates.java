package dev.strata.internal.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** HTTP-date parsing (RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850 and asctime forms). */
public final class HttpDates {
    private static final DateTimeFormatter IMF = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** IMF-fixdate as recipients read it: names and {@code GMT} in any case (RFC 9110 §5.6.7). */
    private static final DateTimeFormatter IMF_READ = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'").toFormatter(Locale.US);
    /**
     * RFC 9110: a two-digit year more than 50 years in the future is the most recent past year with
     * those digits. The year must be resolved while parsing (not adjusted afterwards), or the
     * day-of-week cross-check runs against the wrong century and rejects the date.
     */
    private static final DateTimeFormatter RFC850 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDateTime.now(ZoneOffset.UTC).getYear() - 49)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);
    /**
     * asctime, its day name read but not checked against the date: the obsolete forms come from
     * old software, and a wrong day name there says nothing about the date (the HTTP cache
     * conformance suite's asctime {@code Expires} has one).
     */
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM ppd HH:mm:ss yyyy")
            .toFormatter(Locale.US)
            .withResolverFields(ChronoField.YEAR_OF_ERA, ChronoField.MONTH_OF_YEAR, ChronoField.DAY_OF_MONTH,
                    ChronoField.HOUR_OF_DAY, ChronoField.MINUTE_OF_HOUR, ChronoField.SECOND_OF_MINUTE);

    private HttpDates() {
    }

    /** Epoch millis of an HTTP-date, or {@code Long.MIN_VALUE} when absent or invalid. */
    public static long parse(String value) {
        if (value == null) {
            return Long.MIN_VALUE;
        }
        String v = value.trim();
        long fixdate = imfFixdate(v);
        if (fixdate != Long.MIN_VALUE) {
            return fixdate;
        }
        try {
            return LocalDateTime.parse(v, IMF_READ).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the obsolete forms
        }
        try {
            return LocalDateTime.parse(v, RFC850).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // next
        }
        try {
            return LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The usual form, read without a formatter: {@code DateTimeFormatter} took a twentieth of a
     * miss's request-thread time for the response's {@code Date}, {@code Expires} and
     * {@code Last-Modified}. Answers only for a well-formed, valid date whose day name matches;
     * anything else ({@code Long.MIN_VALUE}) goes to the formatters, so the two never disagree.
     */
    private static long imfFixdate(String v) {
        // "Sun, 06 Nov 1994 08:49:37 GMT"
        if (v.length() != 29 || v.charAt(3) != ',' || v.charAt(4) != ' ' || v.charAt(7) != ' '
                || v.charAt(11) != ' ' || v.charAt(16) != ' ' || v.charAt(19) != ':' || v.charAt(22) != ':'
                || v.charAt(25) != ' ' || !v.regionMatches(true, 26, "GMT", 0, 3)) {
            return Long.MIN_VALUE;
        }
        int day = digits(v, 5, 2);
        int month = month(v, 8);
        int year = digits(v, 12, 4);
        int hour = digits(v, 17, 2);
        int minute = digits(v, 20, 2);
        int second = digits(v, 23, 2);
        if (day < 1 || month < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        if (!v.regionMatches(true, 0, DAY_NAMES, (date.getDayOfWeek().getValue() - 1) * 3, 3)) {
            return Long.MIN_VALUE;
        }
        return ((date.toEpochDay() * 24 + hour) * 60 + minute) * 60_000L + second * 1000L;
    }

    private static final String DAY_NAMES = "MonTueWedThuFriSatSun";
    private static final String MONTH_NAMES = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private static int month(String v, int at) {
        for (int m = 0; m < 12; m++) {
            if (v.regionMatches(true, at, MONTH_NAMES, m * 3, 3)) {
                return m + 1;
            }
        }
        return -1;
    }

    private static int digits(String v, int at, int count) {
        int n = 0;
        for (int i = at; i < at + count; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Formats epoch millis as an IMF-fixdate. */
    public static String format(long epochMillis) {
        return IMF.format(Instant.ofEpochMilli(epochMillis));
    }
}
