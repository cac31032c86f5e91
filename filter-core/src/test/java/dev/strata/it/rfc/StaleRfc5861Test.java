package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Await;
import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RFC 5861 through the proxy, whose responses are asynchronous (Jetty's proxy servlet answers after
 * the filter chain has returned): the stale entry answers at once while one refresh runs, and
 * answers for an upstream error.
 */
class StaleRfc5861Test extends ProxyHarness {

    @Test
    void rfc5861_3_staleWhileRevalidateAnswersAtOnceAndOneAsynchronousRefreshIsStored() throws Exception {
        start();
        AtomicInteger run = new AtomicInteger();
        upstream.on("/swr", r -> Reply.ok("version " + run.incrementAndGet())
                .header("Cache-Control", "max-age=1, stale-while-revalidate=60"));
        assertEquals("version 1", text(get("/swr")));
        awaitStores(1);
        advance(Duration.ofSeconds(5));

        HttpResponse<byte[]> stale = get("/swr");
        assertEquals(200, stale.statusCode());
        assertEquals("version 1", text(stale));
        assertTrue(header(stale, "Cache-Status").contains("detail=stale-while-revalidate"),
                header(stale, "Cache-Status"));
        Await.until("the refresh is stored", () -> filter.stats().stores() >= 2);
        HttpResponse<byte[]> refreshed = get("/swr");
        assertStored(refreshed);
        assertEquals("version 2", text(refreshed));
        assertEquals(2, upstream.count("/swr"), "one refresh reached the upstream");
    }

    @Test
    void rfc9111_5_2_1_7_onlyIfCachedTakesTheStaleEntryButStartsNoRefresh() throws Exception {
        start();
        upstream.on("/oic", r -> Reply.ok("stored").header("Cache-Control", "max-age=1, stale-while-revalidate=60"));
        get("/oic");
        awaitStores(1);
        advance(Duration.ofSeconds(5));
        HttpResponse<byte[]> answered = get("/oic", "Cache-Control", "only-if-cached");
        assertEquals(200, answered.statusCode());
        assertEquals("stored", text(answered));
        get("/oic", "Cache-Control", "only-if-cached");
        Thread.sleep(500); // a background refresh on loopback would have reached the upstream by now
        assertEquals(1, upstream.count("/oic"), "only-if-cached: the origin is not contacted");
        HttpResponse<byte[]> plain = get("/oic");
        assertEquals("stored", text(plain));
        Await.until("a plain request's refresh reaches the upstream", () -> upstream.count("/oic") == 2);
    }

    @Test
    void rfc5861_4_staleIfErrorAnswersAnUpstream5xxWithTheStaleEntry() throws Exception {
        start();
        AtomicInteger run = new AtomicInteger();
        upstream.on("/sie", r -> run.incrementAndGet() == 1
                ? Reply.ok("good").header("Cache-Control", "max-age=1, stale-if-error=600")
                : Reply.status(503).body("upstream down").header("Cache-Control", "no-store"));
        assertEquals("good", text(get("/sie")));
        awaitStores(1);
        advance(Duration.ofSeconds(5));

        HttpResponse<byte[]> answered = get("/sie");
        assertEquals(2, upstream.count("/sie"), "the stale entry was not used without asking the upstream");
        assertEquals(200, answered.statusCode());
        assertEquals("good", text(answered));
        assertTrue(header(answered, "Cache-Status").contains("detail=stale-if-error"),
                header(answered, "Cache-Status"));
    }

    @Test
    void rfc5861_4_pastTheWindowTheUpstreamErrorGoesThrough() throws Exception {
        start();
        AtomicInteger run = new AtomicInteger();
        upstream.on("/late", r -> run.incrementAndGet() == 1
                ? Reply.ok("good").header("Cache-Control", "max-age=1, stale-if-error=10")
                : Reply.status(503).body("upstream down"));
        get("/late");
        awaitStores(1);
        advance(Duration.ofSeconds(30));
        HttpResponse<byte[]> answered = get("/late");
        assertEquals(503, answered.statusCode());
        assertEquals("upstream down", text(answered));
    }
}
