package dev.strata.it;

import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataFilter;
import dev.strata.testing.AsyncOrigin;
import dev.strata.testing.MutableClock;
import dev.strata.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous servlets, {@code sendError} and {@code sendRedirect} (issue 7): each response is
 * either captured correctly (the stored copy is what the client got) or passed through untouched
 * and not stored. Tier 1 only: capture is the same with or without tier 2.
 */
abstract class AsyncAndErrorsContract {
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final AsyncOrigin origin = new AsyncOrigin();
    private StrataFilter filter;
    private TestServer server;

    /** The container under test. */
    abstract TestServer.Factory container();

    /**
     * Whether {@code sendRedirect(String)} works through a response wrapper on this test class
     * path. Tomcat 11 implements Servlet 6.1, where it became a default method; the tests compile
     * and run against the Servlet 6.0 API jar, whose abstract method Tomcat's facade lacks.
     */
    boolean redirectThroughWrapperWorks() {
        return true;
    }

    private void start(String... params) throws Exception {
        Map<String, String> init = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            init.put(params[i], params[i + 1]);
        }
        filter = new StrataFilter(clock);
        server = container().start(filter, init, origin);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<byte[]> get(String path) {
        return dev.strata.testing.Http.get(server.uri("/api" + path));
    }

    private void awaitStores(long n) {
        dev.strata.testing.Await.until("stores >= " + n, () -> filter.stats().stores() >= n);
    }

    @Test
    void asyncWithTheFiltersWrappersIsCapturedWhenComplete() throws Exception {
        start();
        HttpResponse<byte[]> first = get("/async-wrapped");
        assertEquals(200, first.statusCode());
        assertEquals("async-wrapped run=1", text(first));
        awaitStores(1);
        HttpResponse<byte[]> hit = get("/async-wrapped");
        assertEquals("HIT", header(hit, "X-Cache"));
        assertEquals("async-wrapped run=1", text(hit));
        assertEquals(1, origin.runs("/async-wrapped"));
    }

    @Test
    void asyncDispatchIsAnsweredAndNeverStoredWrong() throws Exception {
        start();
        HttpResponse<byte[]> first = get("/async-dispatch");
        assertEquals(200, first.statusCode());
        assertEquals("dispatched 1", text(first));
        HttpResponse<byte[]> second = get("/async-dispatch");
        assertEquals(200, second.statusCode());
        // the dispatched target writes to the container's own response, past the filter's wrapper:
        // it is passed through untouched and not stored (a stored copy would be empty or partial)
        assertEquals("dispatched 2", text(second));
        assertNotEquals("HIT", header(second, "X-Cache"));
        assertEquals(2, origin.runs("/async-dispatch"));
    }

    @Test
    void anAsyncTimeoutIsNotStored() throws Exception {
        start();
        HttpResponse<byte[]> first = get("/async-timeout");
        assertTrue(first.statusCode() >= 500, "status " + first.statusCode());
        HttpResponse<byte[]> second = get("/async-timeout");
        assertTrue(second.statusCode() >= 500, "status " + second.statusCode());
        assertNotEquals("HIT", header(second, "X-Cache"));
        assertEquals(2, origin.runs("/async-timeout"));
        assertEquals(0, filter.stats().stores());
    }

    @Test
    void anAsyncSendErrorPassesThroughAndIsNotStored() throws Exception {
        start();
        assertEquals(503, get("/async-error").statusCode());
        assertEquals(503, get("/async-error").statusCode());
        assertEquals(2, origin.runs("/async-error"));
        assertEquals(0, filter.stats().stores());
    }

    @Test
    void sendErrorPassesThroughAndIsNotStoredEvenWhenItsStatusIsCacheable() throws Exception {
        start("cacheableStatuses", "200,404");
        HttpResponse<byte[]> first = get("/send-error-404");
        assertEquals(404, first.statusCode());
        HttpResponse<byte[]> second = get("/send-error-404");
        assertEquals(404, second.statusCode());
        // the container writes sendError's page after the filter returns: a stored copy would not
        // be the page the client got, so it is not stored
        assertNotEquals("HIT", header(second, "X-Cache"));
        assertEquals(2, origin.runs("/send-error-404"));
    }

    @Test
    void sendRedirectPassesThroughAndIsNotStored() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(redirectThroughWrapperWorks(),
                "Servlet 6.0 API jar against a Servlet 6.1 container on the test class path");
        start();
        HttpResponse<byte[]> first = get("/redirect");
        assertEquals(302, first.statusCode());
        assertTrue(header(first, "Location").endsWith("/api/elsewhere?run=1"), header(first, "Location"));
        HttpResponse<byte[]> second = get("/redirect");
        assertEquals(302, second.statusCode());
        assertTrue(header(second, "Location").endsWith("/api/elsewhere?run=2"), header(second, "Location"));
        assertEquals(2, origin.runs("/redirect"));
    }

    @Test
    void aSendErrorFromTheOriginIsReplacedByAStaleEntryWithinStaleIfError() throws Exception {
        start();
        assertEquals("flip run=1", text(get("/flip")));
        awaitStores(1);
        clock.advance(Duration.ofSeconds(5)); // stale, within stale-if-error=60
        HttpResponse<byte[]> stale = get("/flip");
        assertEquals(200, stale.statusCode());
        assertEquals("flip run=1", text(stale));
        assertTrue(header(stale, "Cache-Status").contains("stale"), header(stale, "Cache-Status"));
        assertEquals(2, origin.runs("/flip"));
    }
}
