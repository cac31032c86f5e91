package dev.strata.it;

import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import dev.strata.InitParam;
import dev.strata.StrataMemberConfig;
import dev.strata.internal.key.KeyBuilder;
import dev.strata.testing.Await;
import dev.strata.testing.ClusterNodes;
import dev.strata.testing.MutableClock;
import dev.strata.testing.TestMembers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * One origin fetch per key per refresh for the whole cluster, with the lease coordinator of
 * open-source Hazelcast 5.5+ (entry processors), on three real members and three real Jettys.
 */
class ClusterCoalescingTest {

    @Test
    void oneOriginCallForOneHundredFiftyConcurrentMissesOnThreeNodes() throws Exception {
        // Three members, three Jettys and 150 clients share two cold cores here: tier-2 calls take
        // longer than the 100 ms default, and the dead-cluster breaker must not open in this test.
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), "tier2Timeout", "2s")) {
            assertEquals("lease", coordinatorOf(nodes));
            List<HttpResponse<byte[]>> responses = nodes.burst("/api/slow/cold?ms=300", 50);
            assertEquals(150, responses.size());
            Set<String> bodies = new HashSet<>();
            for (HttpResponse<byte[]> r : responses) {
                assertEquals(200, r.statusCode());
                bodies.add(text(r));
            }
            assertEquals(Set.of("/slow/cold run 1"), bodies, () -> statsOf(nodes));
            assertEquals(1, nodes.origin.runs("/slow/cold"));
            long servedWithoutOrigin = 0;
            for (int i = 0; i < 3; i++) {
                var stats = nodes.filter(i).stats();
                // most wait for the one fetch; a late few find its stored entry
                servedWithoutOrigin += stats.coalesced() + stats.tier1Hits() + stats.tier2Hits();
            }
            assertEquals(149, servedWithoutOrigin, () -> statsOf(nodes));
        }
    }

    static String statsOf(ClusterNodes nodes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.members().size(); i++) {
            b.append(nodes.filter(i).stats()).append('\n');
        }
        return b.toString();
    }

    static String coordinatorOf(ClusterNodes nodes) {
        // the filter logs its choice; the stats name it through the engine
        return nodes.filter(0).coordinator();
    }

    @Test
    void aLeaderThatHangsDoesNotHangItsFollowers() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), "coalesceTimeout", "300ms")) {
            ExecutorService pool = Executors.newFixedThreadPool(30);
            try {
                CompletableFuture<HttpResponse<byte[]>> leader =
                        CompletableFuture.supplyAsync(() -> nodes.get(0, "/api/hang-first/k"), pool);
                Await.until("the leader reaches the origin", () -> nodes.origin.runs("/hang-first/k") == 1);
                List<CompletableFuture<HttpResponse<byte[]>>> followers = new java.util.ArrayList<>();
                for (int i = 0; i < 29; i++) {
                    int node = i % 3;
                    followers.add(CompletableFuture.supplyAsync(() -> nodes.get(node, "/api/hang-first/k"), pool));
                }
                // While the leader still hangs, every follower is answered (by the origin, after coalesceTimeout).
                for (CompletableFuture<HttpResponse<byte[]>> f : followers) {
                    HttpResponse<byte[]> r = f.get();
                    assertEquals(200, r.statusCode());
                }
                assertTrue(!leader.isDone(), "the leader is still hanging");
                nodes.origin.releaseHang();
                assertEquals(200, leader.get().statusCode());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void whenTheLeaderThrowsEveryFollowerIsStillAnswered() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC())) {
            List<HttpResponse<byte[]>> responses = nodes.burst("/api/throw-first/k", 10);
            long errors = responses.stream().filter(r -> r.statusCode() == 500).count();
            long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
            assertEquals(1, errors, "only the leader's own client sees its origin's failure");
            assertEquals(29, ok);
        }
    }

    @Test
    void whenTheCoordinatorFailsTheOriginAnswersAndNothingIsStored() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(1, Clock.systemUTC())) {
            String path = "/api/slow/unclaimed";
            String claimKey = KeyBuilder.primary(0, "http", "shop.example", 8080, path, "ms=0").storage();
            IMap<String, Object> leases = nodes.members().member(0)
                    .getMap(StrataMemberConfig.leaseMap(InitParam.TIER2_MAP.defaultValue()));
            // a locked key makes every lease claim on it wait past the coordinator's timeout
            leases.lock(claimKey);
            try {
                for (int i = 0; i < 2; i++) {
                    HttpResponse<byte[]> r = nodes.get(0, path + "?ms=0");
                    assertEquals(200, r.statusCode());
                    assertEquals("MISS", header(r, "X-Cache"), () -> statsOf(nodes));
                }
                assertEquals(2, nodes.origin.runs("/slow/unclaimed"),
                        "only a claimed writer stores: not in tier 2, not in this node's tier 1 either");
                assertEquals(0, nodes.filter(0).stats().stores(), () -> statsOf(nodes));
            } finally {
                leases.forceUnlock(claimKey);
            }
        }
    }

    @Test
    void aKeyWhoseResponseWasNotStorableSendsItsRequestsStraightToTheOrigin() throws Exception {
        // hit-for-miss: after one private answer, requests for the key do not queue behind a leader
        // (whose response they could not use): the origin sees all ten at once. Queued, the first
        // would wait at the origin alone, its followers held back by the flight for far longer.
        // coordinator=local: the node's own marker, not the cluster lease's "uncacheable" state
        try (ClusterNodes nodes = ClusterNodes.start(1, Clock.systemUTC(), "coalesceTimeout", "30s",
                "coordinator", "local")) {
            assertTrue(text(nodes.get(0, "/api/gather/k")).contains("run 1"));
            ExecutorService pool = Executors.newFixedThreadPool(10);
            try {
                List<CompletableFuture<HttpResponse<byte[]>>> burst = new java.util.ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    burst.add(CompletableFuture.supplyAsync(() -> nodes.get(0, "/api/gather/k"), pool));
                }
                for (CompletableFuture<HttpResponse<byte[]>> f : burst) {
                    HttpResponse<byte[]> r = f.get();
                    assertEquals(200, r.statusCode());
                    assertTrue(text(r).contains(" together "), text(r));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(11, nodes.origin.runs("/gather/k"));
            assertEquals(0, nodes.filter(0).stats().coalesced());
        }
    }

    @Test
    void unstorableResponsesAreNeverHandedToOtherClients() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC())) {
            List<HttpResponse<byte[]>> responses = nodes.burst("/api/private/me", 5);
            Set<String> bodies = new HashSet<>();
            Set<String> cookies = new HashSet<>();
            for (HttpResponse<byte[]> r : responses) {
                assertEquals(200, r.statusCode());
                bodies.add(text(r));
                cookies.add(header(r, "Set-Cookie"));
            }
            assertEquals(15, bodies.size(), "every client got its own response");
            assertEquals(15, cookies.size());
            assertEquals(15, nodes.origin.runs("/private/me"));
            for (int i = 0; i < 3; i++) {
                assertEquals(0, nodes.filter(i).stats().coalesced());
            }
        }
    }

    @Test
    void aStaleEntryIsServedAtOnceWhileOneRefreshReachesTheOriginAcrossNodes() throws Exception {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (ClusterNodes nodes = ClusterNodes.start(3, clock, "minWriteInterval", "0",
                "tier2Timeout", "2s")) {
            assertEquals("/swr/page run 1", text(nodes.get(0, "/api/swr/page?ms=500")));
            Await.until("stored", () -> nodes.filter(0).stats().stores() >= 1);
            clock.advance(Duration.ofSeconds(5));

            List<HttpResponse<byte[]>> responses = nodes.burst("/api/swr/page?ms=500", 10);
            int stale = 0;
            for (HttpResponse<byte[]> r : responses) {
                assertEquals(200, r.statusCode());
                if (header(r, "Cache-Status").contains("detail=stale-while-revalidate")) {
                    assertEquals("/swr/page run 1", text(r), "a stale answer is the stored entry");
                    stale++;
                } else {
                    // a request a loaded machine delayed past the refresh gets the refreshed entry
                    assertEquals("/swr/page run 2", text(r), header(r, "Cache-Status"));
                }
            }
            assertTrue(stale >= 1, "the stale entry is served at once while the refresh runs");
            Await.until("one refresh", () -> nodes.origin.runs("/swr/page") == 2);
            Await.until("refresh stored", () -> "/swr/page run 2".equals(text(nodes.get(1, "/api/swr/page?ms=500"))));
            assertEquals(2, nodes.origin.runs("/swr/page"), "exactly one refresh for the whole cluster");
        }
    }

    @Test
    void aStaleEntryAnswersWhenTheOriginFails() throws Exception {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (ClusterNodes nodes = ClusterNodes.start(1, clock)) {
            assertEquals("/flaky/x run 1", text(nodes.get(0, "/api/flaky/x")));
            assertEquals("/flaky/y run 1", text(nodes.get(0, "/api/flaky/y?throw")));
            Await.until("stored", () -> nodes.filter(0).stats().stores() >= 2);
            clock.advance(Duration.ofSeconds(5));
            nodes.origin.failing.set(true);

            HttpResponse<byte[]> onError = nodes.get(0, "/api/flaky/x");
            assertEquals(200, onError.statusCode());
            assertEquals("/flaky/x run 1", text(onError));
            assertTrue(header(onError, "Cache-Status").contains("detail=stale-if-error"), header(onError, "Cache-Status"));

            HttpResponse<byte[]> onException = nodes.get(0, "/api/flaky/y?throw");
            assertEquals(200, onException.statusCode());
            assertEquals("/flaky/y run 1", text(onException));

            clock.advance(Duration.ofSeconds(120));
            assertEquals(500, nodes.get(0, "/api/flaky/x").statusCode(), "past the stale-if-error window");
        }
    }

    @Test
    void bumpingTheNamespaceVersionMakesEveryNodeMiss() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(2, Clock.systemUTC())) {
            assertEquals("/slow/v run 1", text(nodes.get(0, "/api/slow/v?ms=0")));
            Await.until("stored", () -> nodes.filter(0).stats().stores() >= 1);
            Await.until("node 1 serves it", () -> "/slow/v run 1".equals(text(nodes.get(1, "/api/slow/v?ms=0"))));

            long version = nodes.filter(1).invalidateAll();
            assertTrue(version >= 1);
            HttpResponse<byte[]> after = nodes.get(1, "/api/slow/v?ms=0");
            assertEquals("MISS", header(after, "X-Cache"), "the bumping node misses at once");
            assertEquals("/slow/v run 2", text(after));
            Await.until("node 0 learns the new version",
                    () -> !"/slow/v run 1".equals(text(nodes.get(0, "/api/slow/v?ms=0"))));
            assertEquals(2, nodes.origin.runs("/slow/v"));
        }
    }

    @Test
    void withTheClusterDownCoalescingFallsBackToOneCallPerNode() throws Exception {
        TestMembers members = TestMembers.start(1);
        try (ClusterNodes nodes = ClusterNodes.start(members, Clock.systemUTC(), "tier2Timeout", "200ms")) {
            members.close();
            for (int i = 0; i < 6; i++) {
                assertEquals(200, nodes.get(0, "/api/slow/warm-" + i + "?ms=0").statusCode());
            }
            assertEquals("OPEN", nodes.filter(0).stats().tier2Circuit());
            List<HttpResponse<byte[]>> responses = nodes.burst("/api/slow/down?ms=300", 20);
            Set<String> bodies = new HashSet<>();
            for (HttpResponse<byte[]> r : responses) {
                assertEquals(200, r.statusCode());
                bodies.add(text(r));
            }
            assertEquals(1, nodes.origin.runs("/slow/down"), "one origin call for the node");
            assertEquals(Set.of("/slow/down run 1"), bodies);
            assertNotEquals(0, nodes.filter(0).stats().coalesced());
        }
    }
}
