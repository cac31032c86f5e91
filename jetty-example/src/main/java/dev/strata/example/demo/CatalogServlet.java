package dev.strata.example.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code GET <mount>/catalog/{id}}: a cacheable catalog item, the demo's main origin.
 *
 * <pre>{"id":"42","name":"Item 42","price":123.45,"servedAt":"2025-01-01T00:00:00.123Z","node":8080}</pre>
 *
 * <p>Everything but {@code servedAt} (when this origin run happened) and {@code node} (the HTTP port
 * that answered) is a function of the id, so a cached body is told from a fresh one by its
 * {@code servedAt}. Headers: {@code Content-Type: application/json},
 * {@code Cache-Control: public, max-age=60} and a strong {@code ETag} hashed from the body bytes.
 *
 * <p>Each run sleeps for the configured origin delay; {@code ?delay=N} (milliseconds, 0..30000)
 * overrides it, anything else there is a 400. Every run is counted in the {@link OriginCounter},
 * errors included. Ids are 1 to 64 of {@code [A-Za-z0-9._-]}; other ids, or none, are a 404.
 */
public final class CatalogServlet extends HttpServlet {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final transient OriginCounter counter;
    private final long defaultDelayMs;

    public CatalogServlet(OriginCounter counter, long defaultDelayMs) {
        this.counter = counter;
        this.defaultDelayMs = defaultDelayMs;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        counter.record(DemoServlets.pathOf(request));

        long delayMs = DemoServlets.longParam(request, "delay", defaultDelayMs, ExampleOptions.MAX_DELAY_MS);
        if (delayMs < 0) {
            DemoServlets.writeError(response, 400,
                    "delay must be a whole number of milliseconds from 0 to " + ExampleOptions.MAX_DELAY_MS);
            return;
        }
        String pathInfo = request.getPathInfo();
        String id = pathInfo == null ? "" : pathInfo.substring(1);
        if (!ID.matcher(id).matches()) {
            DemoServlets.writeError(response, 404, "no such item");
            return;
        }
        if (!pause(delayMs)) {
            DemoServlets.writeError(response, 503, "interrupted");
            return;
        }

        String json = "{\"id\":" + Json.quote(id)
                + ",\"name\":" + Json.quote("Item " + id)
                + ",\"price\":" + priceOf(id)
                + ",\"servedAt\":" + Json.quote(Instant.now().toString())
                + ",\"node\":" + request.getLocalPort()
                + "}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setHeader("Cache-Control", "public, max-age=60");
        response.setHeader("ETag", strongEtag(body));
        response.setContentType(DemoServlets.JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A made-up price, a function of the id alone: 0.00 to 999.99. */
    static String priceOf(String id) {
        int cents = Math.floorMod(id.hashCode() * 31 + 7, 100_000);
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    /** A strong ETag: the quoted first 16 bytes (hex) of the SHA-256 of the body. */
    static String strongEtag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    /** Sleeps for the simulated origin latency; false if interrupted (flag restored). */
    private static boolean pause(long delayMs) {
        if (delayMs == 0) {
            return true;
        }
        try {
            Thread.sleep(delayMs);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
