package dev.strata.internal;

import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.Headers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/** Writes a stored response, or the {@code 304} a matching conditional request gets. */
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

    private static boolean firstOf(Headers headers, int index) {
        for (int j = 0; j < index; j++) {
            if (headers.name(j).equalsIgnoreCase(headers.name(index))) {
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
        if (notModified) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            for (int i = 0; i < headers.size(); i++) {
                if (NOT_MODIFIED_FIELDS.contains(headers.name(i).toLowerCase(java.util.Locale.ROOT))) {
                    if (firstOf(headers, i)) {
                        response.setHeader(headers.name(i), headers.value(i));
                    } else {
                        response.addHeader(headers.name(i), headers.value(i));
                    }
                }
            }
        } else {
            response.setStatus(entry.status());
            for (int i = 0; i < headers.size(); i++) {
                // set, not add, for a field's first value: the container may have added its own
                // (Jetty adds Server and Date), and the stored one must replace it
                if (firstOf(headers, i)) {
                    response.setHeader(headers.name(i), headers.value(i));
                } else {
                    response.addHeader(headers.name(i), headers.value(i));
                }
            }
        }
        response.setHeader("Age", decimal(entry.ageAt(now) / 1000));
        if (notModified || entry.status() == HttpServletResponse.SC_NO_CONTENT) {
            return;
        }
        byte[] body = entry.body();
        response.setContentLength(body.length);
        if (withBody && body.length > 0) {
            response.getOutputStream().write(body);
        }
    }
}
