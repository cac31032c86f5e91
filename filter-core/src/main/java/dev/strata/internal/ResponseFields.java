package dev.strata.internal;

import dev.strata.internal.http.HttpDates;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a forwarded response's single-valued fields right before it commits. Some containers (Jetty)
 * add their own {@code Date} and {@code Server} to every response before the application runs; a
 * proxy servlet then adds the origin's, and the client would get both. The origin's (the last) is
 * kept. A response without {@code Date} gets one (RFC 9110 §6.6.1), the same the cache stores.
 */
final class ResponseFields {
    private static final String[] LAST_WINS = {"Date", "Server"};

    private ResponseFields() {
    }

    /** Removes container duplicates of single-valued fields and adds a missing {@code Date}. */
    static void normalise(HttpServletResponse response, long now) {
        if (response.isCommitted()) {
            return;
        }
        for (String name : LAST_WINS) {
            List<String> values = new ArrayList<>(response.getHeaders(name));
            if (values.size() > 1) {
                response.setHeader(name, values.get(values.size() - 1));
            }
        }
        if (response.getHeader("Date") == null) {
            response.setHeader("Date", HttpDates.format(now));
        }
    }
}
