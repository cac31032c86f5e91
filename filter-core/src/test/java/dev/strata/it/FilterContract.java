package dev.strata.it;

import static dev.strata.testing.Http.get;
import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.send;
import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataFilter;
import dev.strata.testing.Await;
import dev.strata.testing.TestOrigin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What the filter does over real HTTP, on a real container, with a real one-member Hazelcast
 * cluster behind tier 2. Each container runs the same contract.
 */
abstract class FilterContract extends OneMemberHarness {
    TestOrigin origin;
    java.time.Clock clock = java.time.Clock.systemUTC();

    void start(String... extraParams) throws Exception {
        origin = new TestOrigin();
        startContainer(new StrataFilter(clock), origin, "responses", extraParams);
    }

    void awaitStores(long n) {
        Await.until(n + " stores", () -> filter.stats().stores() >= n);
    }

    @Test
    void missThenHitRunsTheOriginOnce() throws Exception {
        start();
        HttpResponse<byte[]> first = get(server.uri("/api/public/1"));
        assertEquals(200, first.statusCode());
        assertEquals("MISS", header(first, "X-Cache"));
        assertTrue(header(first, "Cache-Status").matches("Strata; fwd=uri-miss; fwd-status=200; ttl=(59|60); stored"),
                header(first, "Cache-Status"));
        awaitStores(1);

        HttpResponse<byte[]> second = get(server.uri("/api/public/1"));
        assertEquals(200, second.statusCode());
        assertEquals("HIT", header(second, "X-Cache"));
        assertTrue(header(second, "Cache-Status").startsWith("Strata; hit; ttl="), header(second, "Cache-Status"));
        assertEquals(text(first), text(second));
        assertEquals("application/json", header(second, "Content-Type"));
        assertEquals(header(first, "ETag"), header(second, "ETag"));
        assertNotNull(header(second, "Age"));
        assertEquals(1, origin.runs("/public/1"));
        assertEquals(1, filter.stats().tier1Hits());
    }

    @Test
    void headIsServedFromTheGetEntry() throws Exception {
        start();
        HttpResponse<byte[]> got = get(server.uri("/api/public/head"));
        awaitStores(1);
        HttpResponse<byte[]> head = send("HEAD", server.uri("/api/public/head"));
        assertEquals(200, head.statusCode());
        assertEquals("HIT", header(head, "X-Cache"));
        assertEquals(0, head.body().length);
        assertEquals(String.valueOf(got.body().length), header(head, "Content-Length"));
        assertEquals(1, origin.runs("/public/head"));
    }

    @Test
    void matchingConditionalRequestOnAFreshHitGets304() throws Exception {
        start();
        HttpResponse<byte[]> first = get(server.uri("/api/public/cond"));
        awaitStores(1);
        String etag = header(first, "ETag");
        HttpResponse<byte[]> conditional = get(server.uri("/api/public/cond"), "If-None-Match", etag);
        assertEquals(304, conditional.statusCode());
        assertEquals(etag, header(conditional, "ETag"));
        assertEquals("HIT", header(conditional, "X-Cache"));
        assertEquals(0, conditional.body().length);
        HttpResponse<byte[]> other = get(server.uri("/api/public/cond"), "If-None-Match", "\"other\"");
        assertEquals(200, other.statusCode());
        assertEquals(1, origin.runs("/public/cond"));
    }

    @Test
    void clientValidatorsOnAMissStillFillTheCache() throws Exception {
        start();
        HttpResponse<byte[]> first = get(server.uri("/api/public/v"), "If-None-Match", "\"stale-client-copy\"");
        assertEquals(200, first.statusCode());
        awaitStores(1);
        assertEquals("HIT", header(get(server.uri("/api/public/v")), "X-Cache"));
    }

    @Test
    void personalisedResponsesAreNeverStored() throws Exception {
        start();
        HttpResponse<byte[]> a = get(server.uri("/api/private"));
        HttpResponse<byte[]> b = get(server.uri("/api/private"));
        assertEquals("MISS", header(b, "X-Cache"));
        assertNotEquals(text(a), text(b));
        assertNotEquals(header(a, "Set-Cookie"), header(b, "Set-Cookie"));
        assertFalse(header(a, "Cache-Status").contains("stored"));
        HttpResponse<byte[]> c1 = get(server.uri("/api/cookie"));
        HttpResponse<byte[]> c2 = get(server.uri("/api/cookie"));
        assertNotEquals(text(c1), text(c2));
        assertEquals(2, origin.runs("/private"));
        assertEquals(2, origin.runs("/cookie"));
        assertEquals(0, filter.stats().stores());
    }

    @Test
    void requestsWithAuthorizationAreNotServedASharedEntry() throws Exception {
        start();
        get(server.uri("/api/public/auth"));
        awaitStores(1);
        HttpResponse<byte[]> authorized = get(server.uri("/api/public/auth"), "Authorization", "Bearer secret");
        assertEquals("BYPASS", header(authorized, "X-Cache"));
        assertTrue(text(authorized).contains("\"run\":2"), text(authorized));
        assertEquals(2, origin.runs("/public/auth"));
    }

    @Test
    void sessionCookieRequestsBypassTheCache() throws Exception {
        start();
        get(server.uri("/api/public/session"));
        awaitStores(1);
        HttpResponse<byte[]> withSession = get(server.uri("/api/public/session"), "Cookie", "JSESSIONID=abc123");
        assertEquals("BYPASS", header(withSession, "X-Cache"));
        assertEquals(2, origin.runs("/public/session"));
    }

    @Test
    void responsesOverMaxEntryBytesStreamWholeAndAreNotStored() throws Exception {
        start("maxEntryBytes", "64k");
        byte[] expected = TestOrigin.bigBody(200_000);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> big = get(server.uri("/api/big?bytes=200000"));
            assertEquals(200, big.statusCode());
            assertEquals("MISS", header(big, "X-Cache"));
            assertArrayEquals(expected, big.body());
        }
        assertEquals(2, origin.runs("/big"));
        HttpResponse<byte[]> small = get(server.uri("/api/big?bytes=60000"));
        awaitStores(1);
        HttpResponse<byte[]> smallHit = get(server.uri("/api/big?bytes=60000"));
        assertEquals("HIT", header(smallHit, "X-Cache"));
        assertArrayEquals(small.body(), smallHit.body());
        assertArrayEquals(TestOrigin.bigBody(60_000), smallHit.body());
    }

    @Test
    void anExceptionInTheChainPropagatesAndNothingIsStored() throws Exception {
        start();
        assertEquals(500, get(server.uri("/api/boom")).statusCode());
        assertEquals(500, get(server.uri("/api/boom")).statusCode());
        assertEquals(2, origin.runs("/boom"));
        assertEquals(0, filter.stats().stores());
    }

    @Test
    void errorsAreNotStored() throws Exception {
        start();
        assertEquals(503, get(server.uri("/api/error")).statusCode());
        assertEquals(503, get(server.uri("/api/error")).statusCode());
        assertEquals(2, origin.runs("/error"));
    }

    @Test
    void varyKeepsVariantsApart() throws Exception {
        start();
        HttpResponse<byte[]> en = get(server.uri("/api/vary"), "Accept-Language", "en");
        assertEquals("lang=en run=1", text(en));
        awaitStores(1);
        HttpResponse<byte[]> de = get(server.uri("/api/vary"), "Accept-Language", "de");
        assertEquals("lang=de run=2", text(de));
        assertTrue(header(de, "Cache-Status").contains("fwd=vary-miss"), header(de, "Cache-Status"));
        awaitStores(2);
        assertEquals("lang=en run=1", text(get(server.uri("/api/vary"), "Accept-Language", "en")));
        assertEquals("lang=de run=2", text(get(server.uri("/api/vary"), "Accept-Language", "de")));
        HttpResponse<byte[]> none = get(server.uri("/api/vary"));
        assertEquals("lang=null run=3", text(none));
        assertEquals(3, origin.runs("/vary"));
    }

    @Test
    void writerOutputIsCapturedInItsCharset() throws Exception {
        start();
        HttpResponse<byte[]> first = get(server.uri("/api/writer"));
        assertEquals("grüße ☃ run=1", text(first));
        awaitStores(1);
        HttpResponse<byte[]> hit = get(server.uri("/api/writer"));
        assertEquals("HIT", header(hit, "X-Cache"));
        assertArrayEquals(first.body(), hit.body());
    }

    @Test
    void asyncResponsesAreCapturedWhenComplete() throws Exception {
        start();
        HttpResponse<byte[]> first = get(server.uri("/api/async"));
        assertEquals("async run=1", text(first));
        awaitStores(1);
        HttpResponse<byte[]> hit = get(server.uri("/api/async"));
        assertEquals("HIT", header(hit, "X-Cache"));
        assertEquals("async run=1", text(hit));
        assertEquals(1, origin.runs("/async"));
    }

    @Test
    void unsafeMethodsBypass() throws Exception {
        start();
        HttpResponse<byte[]> post = send("POST", server.uri("/api/public/post"));
        assertEquals("BYPASS", header(post, "X-Cache"));
        assertEquals("Strata; fwd=method; fwd-status=200", header(post, "Cache-Status"));
        send("POST", server.uri("/api/public/post"));
        assertEquals(2, origin.runs("/public/post"));
    }

    @Test
    void responsesWithoutFreshnessAreNotStoredByDefault() throws Exception {
        start();
        get(server.uri("/api/nofresh"));
        get(server.uri("/api/nofresh"));
        assertEquals(2, origin.runs("/nofresh"));
    }

    @Test
    void aDefaultTtlStoresResponsesWithoutFreshness() throws Exception {
        start("defaultTtl", "30s");
        get(server.uri("/api/nofresh"));
        awaitStores(1);
        assertEquals("HIT", header(get(server.uri("/api/nofresh")), "X-Cache"));
        assertEquals(1, origin.runs("/nofresh"));
    }

    @Test
    void statusHeadersCanBeSwitchedOff() throws Exception {
        start("statusHeaders", "false");
        HttpResponse<byte[]> r = get(server.uri("/api/public/quiet"));
        assertEquals(200, r.statusCode());
        assertEquals(null, header(r, "X-Cache"));
        assertEquals(null, header(r, "Cache-Status"));
    }

    @Test
    void excludedPathsBypass() throws Exception {
        start("excludePaths", "/api/public/skip/*");
        HttpResponse<byte[]> r = get(server.uri("/api/public/skip/1"));
        assertEquals("BYPASS", header(r, "X-Cache"));
        get(server.uri("/api/public/skip/1"));
        assertEquals(2, origin.runs("/public/skip/1"));
    }

    @Test
    void aStaleEntryIsServedAtOnceAndRefreshedOnceInTheBackground() throws Exception {
        dev.strata.testing.MutableClock mutable = new dev.strata.testing.MutableClock(System.currentTimeMillis());
        clock = mutable;
        // the cluster spaces two writers' writes of a key by minWriteInterval of real time; this
        // test moves only the cache's clock
        start("minWriteInterval", "0");
        assertEquals("swr run 1", text(get(server.uri("/api/swr"))));
        awaitStores(1);
        mutable.advance(java.time.Duration.ofSeconds(5));

        HttpResponse<byte[]> stale = get(server.uri("/api/swr"));
        assertEquals(200, stale.statusCode());
        assertEquals("swr run 1", text(stale), "the client gets the stale entry");
        assertTrue(header(stale, "Cache-Status").contains("detail=stale-while-revalidate"),
                header(stale, "Cache-Status"));
        Await.until("one background refresh", () -> origin.runs("/swr") == 2);
        awaitStores(2);
        HttpResponse<byte[]> refreshed = get(server.uri("/api/swr"));
        assertEquals("HIT", header(refreshed, "X-Cache"));
        assertEquals("swr run 2", text(refreshed));
        assertEquals(2, origin.runs("/swr"));
    }

    // --- tier-2 map config, dropped writes, tier-2 expiry on read, per-tier TTL caps ---

    @Test
    void theTier2MapRunsWithNoSyncBackupOneAsyncBackupAndReadsFromBackups() throws Exception {
        start();
        assertEquals(200, get(server.uri("/api/public/config")).statusCode());
        com.hazelcast.core.HazelcastInstance hz = members.member(0);
        // what the running member's configuration holds for the map after init() ...
        com.hazelcast.config.MapConfig declared = hz.getConfig().findMapConfig(mapName);
        assertEquals(0, declared.getBackupCount());
        assertEquals(1, declared.getAsyncBackupCount());
        assertTrue(declared.isReadBackupData());
        // ... and what the map the filter writes to actually runs with
        com.hazelcast.map.impl.MapService service = (com.hazelcast.map.impl.MapService)
                ((com.hazelcast.map.impl.proxy.MapProxyImpl<?, ?>) hz.getMap(mapName)).getService();
        com.hazelcast.config.MapConfig running = service.getMapServiceContext().getMapContainer(mapName)
                .getMapConfig();
        assertEquals(0, running.getBackupCount());
        assertEquals(1, running.getAsyncBackupCount());
        assertTrue(running.isReadBackupData());
    }

    /** Holds every writer thread that reports a store until {@link #release} opens. */
    public static final class BlockingStores implements dev.strata.spi.CacheInterceptor {
        static volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(0);
        static final java.util.concurrent.atomic.AtomicInteger BLOCKED = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void onEvent(dev.strata.spi.CacheEvent event) {
            // STORE events are emitted on Strata's writer threads, after the write
            if (event.outcome() == dev.strata.spi.CacheEvent.Outcome.STORE) {
                BLOCKED.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void writesPastAFullQueueAreDroppedAndCountedWhileEveryRequestIsAnswered() throws Exception {
        BlockingStores.release = new java.util.concurrent.CountDownLatch(1);
        BlockingStores.BLOCKED.set(0);
        try {
            start("writeQueueCapacity", "1", "interceptors", BlockingStores.class.getName());
            // both writer threads end up held inside a store
            for (int i = 1; i <= 2; i++) {
                assertEquals(200, get(server.uri("/api/public/held-" + i)).statusCode());
                int held = i;
                Await.until(held + " writer threads held", () -> BlockingStores.BLOCKED.get() >= held);
            }
            assertEquals(0, filter.stats().droppedWrites(), filter.stats().toString());
            // the next write waits in the one-slot queue; every write after it is dropped
            int more = 8;
            for (int i = 0; i < more; i++) {
                HttpResponse<byte[]> r = get(server.uri("/api/public/over-" + i));
                assertEquals(200, r.statusCode(), "request " + i);
                assertEquals("MISS", header(r, "X-Cache"), "request " + i);
                assertTrue(text(r).contains("\"run\":1"), text(r));
            }
            // a write is handed over (and dropped) once its response is complete, just after the
            // client has it
            Await.until((more - 1) + " dropped writes", () -> filter.stats().droppedWrites() >= more - 1);
            assertEquals(2, filter.stats().stores(), "only the held writes landed: " + filter.stats());
        } finally {
            BlockingStores.release.countDown();
        }
    }

    @Test
    void aTier2EntryPastItsTimeIsAMissThoughTheClusterStillHoldsIt() throws Exception {
        dev.strata.testing.MutableClock mutable = new dev.strata.testing.MutableClock(System.currentTimeMillis());
        clock = mutable;
        // no tier 1, so tier 2 answers; no stale retention, so an entry's time ends with its freshness
        start("tier1MaxBytes", "0", "staleRetention", "0", "minWriteInterval", "0");
        assertEquals("plain run 1", text(get(server.uri("/api/plain"))));
        awaitStores(1);
        HttpResponse<byte[]> fromTier2 = get(server.uri("/api/plain"));
        assertEquals("KV", header(fromTier2, "X-Cache"));
        assertEquals("plain run 1", text(fromTier2));

        mutable.advance(java.time.Duration.ofSeconds(61));
        // Hazelcast expires the entry on real time: it is still in the map, only its expires-at says it is gone
        assertEquals(1, members.member(0).getMap(mapName).size());
        HttpResponse<byte[]> after = get(server.uri("/api/plain"));
        assertEquals(200, after.statusCode());
        assertEquals("MISS", header(after, "X-Cache"));
        assertTrue(header(after, "Cache-Status").contains("fwd=uri-miss"), header(after, "Cache-Status"));
        assertEquals("plain run 2", text(after));
        assertEquals(2, origin.runs("/plain"));
    }

    private static long ttl(HttpResponse<byte[]> r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ttl=(-?\\d+)").matcher(header(r, "Cache-Status"));
        assertTrue(m.find(), header(r, "Cache-Status"));
        return Long.parseLong(m.group(1));
    }

    @Test
    void tier2MaxTtlCapsHowLongAResponseIsKept() throws Exception {
        dev.strata.testing.MutableClock mutable = new dev.strata.testing.MutableClock(System.currentTimeMillis());
        clock = mutable;
        start("tier2MaxTtl", "1h", "staleRetention", "0", "minWriteInterval", "0");
        HttpResponse<byte[]> first = get(server.uri("/api/long"));
        assertEquals("MISS", header(first, "X-Cache"));
        assertTrue(ttl(first) <= 3600 && ttl(first) > 3500, "max-age=172800 capped to 1h: " + ttl(first));
        awaitStores(1);
        HttpResponse<byte[]> hit = get(server.uri("/api/long"));
        assertEquals("HIT", header(hit, "X-Cache"));
        assertTrue(ttl(hit) <= 3600, header(hit, "Cache-Status"));

        // still fresh by its max-age, but past the cap: neither tier has it any more
        mutable.advance(java.time.Duration.ofHours(1).plusSeconds(1));
        HttpResponse<byte[]> after = get(server.uri("/api/long"));
        assertEquals("MISS", header(after, "X-Cache"), header(after, "Cache-Status"));
        assertEquals("long run 2", text(after));
        assertEquals(2, origin.runs("/long"));
    }

    @Test
    void tier1MaxTtlCapsHowLongTheLocalCopyIsUsedBeforeTier2IsAskedAgain() throws Exception {
        dev.strata.testing.MutableClock mutable = new dev.strata.testing.MutableClock(System.currentTimeMillis());
        clock = mutable;
        start("tier1MaxTtl", "1s", "minWriteInterval", "0");
        get(server.uri("/api/public/t1cap"));
        awaitStores(1);
        assertEquals("HIT", header(get(server.uri("/api/public/t1cap")), "X-Cache"));

        // fresh for another 58 s, but the tier-1 copy may be used for 1 s only
        mutable.advance(java.time.Duration.ofSeconds(2));
        HttpResponse<byte[]> after = get(server.uri("/api/public/t1cap"));
        assertEquals(200, after.statusCode());
        assertEquals("KV", header(after, "X-Cache"), header(after, "Cache-Status"));
        assertTrue(header(after, "Cache-Status").endsWith("detail=tier2"), header(after, "Cache-Status"));
        assertEquals(1, origin.runs("/public/t1cap"));
    }
}
