package dev.strata.internal.http;

import java.time.Instant;
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
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter
            .ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private HttpDates() {
    }

    /** Epoch millis of an HTTP-date, or {@code Long.MIN_VALUE} when absent or invalid. */
    public static long parse(String value) {
        if (value == null) {
            return Long.MIN_VALUE;
        }
        String v = value.trim();
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

    /** Formats epoch millis as an IMF-fixdate. */
    public static String format(long epochMillis) {
        return IMF.format(Instant.ofEpochMilli(epochMillis));
    }
}
