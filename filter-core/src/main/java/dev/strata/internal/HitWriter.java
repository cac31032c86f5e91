package dev.strata.internal;

import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.Headers;
import dev.strata.internal.http.TargetedCacheControl;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a stored response, or the {@code 304} a matching conditional request gets (RFC 9111 §4).
 *
 * <p>The stored fields go out as the origin sent them, {@code Date} included (not updated), with a
 * generated {@code Age}. The first value of each field replaces whatever the container put there
 * already (Jetty adds its own {@code Date} and {@code Server} to every response), later values are
 * added. Fields aimed at Strata alone ({@code Strata-Cache-Control}, {@code Surrogate-Control}) are
 * never sent.
 */
final class HitWriter {
    /** Fields a 304 carries (RFC 9110 §15.4.5), plus Last-Modified to guide caches. */
    private static final Set<String> NOT_MODIFIED_FIELDS = Set.of(
            "cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified");

    /** {@code Age} values are kept as strings below this many seconds (about four and a half hours). */
    static final int CACHED_AGES = 16_384;
    private static final String[] AGES = new String[CACHED_AGES];

    private HitWriter() {
    }

    /** The decimal text of a non-negative number, built once per value for small ones. */
    static String decimal(long value) {
        if (value < 0 || value >= CACHED_AGES) {
            return Long.toString(value);
        }
        String text = AGES[(int) value];
        if (text == null) {
            // racing threads build equal strings; Strings are safely published
            text = Long.toString(value);
            AGES[(int) value] = text;
        }
        return text;
    }

    /** Whether no field before {@code i} has field {@code i}'s name (a handful of fields: no set needed). */
    private static boolean firstOfItsName(Headers headers, int i) {
        String name = headers.name(i);
        for (int j = 0; j < i; j++) {
            if (headers.name(j).equalsIgnoreCase(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param entry the stored response
     * @param response where to write
     * @param now current time, for {@code Age}
     * @param notModified whether to answer {@code 304}
     * @param withBody false for {@code HEAD}
     */
    static void write(CachedResponse entry, HttpServletResponse response, long now, boolean notModified,
            boolean withBody) throws IOException {
        Headers headers = entry.headers();
        response.setStatus(notModified ? HttpServletResponse.SC_NOT_MODIFIED : entry.status());
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (TargetedCacheControl.withheld(name)
                    || notModified && !NOT_MODIFIED_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            // the first value of a name replaces what the container may have set (Jetty's Date)
            if (firstOfItsName(headers, i)) {
                response.setHeader(name, headers.value(i));
            } else {
                response.addHeader(name, headers.value(i));
            }
        }
        response.setHeader("Age", decimal(entry.ageAt(now) / 1000));
        if (notModified || entry.status() == HttpServletResponse.SC_NO_CONTENT
                || entry.status() == HttpServletResponse.SC_NOT_MODIFIED) {
            return;
        }
        byte[] body = entry.body();
        response.setContentLength(body.length);
        if (withBody && body.length > 0) {
            response.getOutputStream().write(body);
        }
    }
}
