package dev.strata.it;

import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.PurgeResult;
import dev.strata.testing.Await;
import dev.strata.testing.ClusterNodes;
import dev.strata.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Purges on three real Jettys, each with its own member of one real Hazelcast cluster: after a
 * purge returns on one node, no node serves the purged content from either tier.
 */
class ClusterPurgeTest {
    private static final String[] PARAMS = {"minWriteInterval", "0", "tier2Timeout", "2s"};

    /** Stores a response through node 0, then gives every node its own tier-1 copy. */
    static void warm(ClusterNodes nodes, String path, String body) {
        HttpResponse<byte[]> first = nodes.get(0, path);
        assertEquals(body, text(first), header(first, "Cache-Status"));
        java.util.List<String> seen = new java.util.ArrayList<>();
        seen.add(header(first, "Cache-Status"));
        awaitEveryReplica(nodes, path);
        for (int i = 0; i < nodes.members().size(); i++) {
            int node = i;
            String[] last = new String[1];
            try {
                Await.until("node " + node + " holds a tier-1 copy of " + path, () -> {
                    HttpResponse<byte[]> r = nodes.get(node, path);
                    last[0] = header(r, "Cache-Status") + " " + text(r);
                    if (seen.size() < 6) {
                        seen.add(node + ": " + last[0]);
                    }
                    return "HIT".equals(header(r, "X-Cache")) && body.equals(text(r));
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; last answer " + last[0] + "; first " + seen + "; "
                        + nodes.filter(node).stats(), e);
            }
        }
    }

    /**
     * Waits until every member reads the stored entry locally (its owner and its asynchronous
     * backup), so a node's first read cannot hit a backup that lags behind the write and fetch a
     * second copy (with {@code minWriteInterval=0} nothing else holds it back).
     */
    static void awaitEveryReplica(ClusterNodes nodes, String path) {
        int q = path.indexOf('?');
        String uri = q < 0 ? path : path.substring(0, q);
        String query = q < 0 ? null : path.substring(q + 1);
        String fields = "|" + uri.length() + ":" + uri + (query == null ? "|-" : "|" + query.length() + ":" + query);
        Await.until("every replica of " + path, () -> {
            boolean found = false;
            for (Object key : nodes.members().member(0).getMap("strata-responses").keySet()) {
                String k = key.toString();
                if (!k.endsWith(fields)) {
                    continue;
                }
                found = true;
                Object owner = nodes.members().member(0).getMap("strata-responses").get(k);
                for (int i = 1; i < nodes.members().size(); i++) {
                    Object replica = nodes.members().member(i).getMap("strata-responses").get(k);
                    // past the envelope: each replica stamps its own write time
                    if (!(owner instanceof byte[] a && replica instanceof byte[] b && a.length > 19
                            && java.util.Arrays.equals(a, 19, a.length, b, 19, b.length))) {
                        return false;
                    }
                }
            }
            return found;
        });
    }

    /** Right after the purge returned, without waiting: no node serves {@code purged}. */
    static void noNodeServes(ClusterNodes nodes, String path, String purged) {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = nodes.get(i, path);
            assertEquals(200, r.statusCode());
            assertNotEquals(purged, text(r), "node " + i + " served purged content: " + header(r, "Cache-Status"));
            if (i == 0) {
                // node 0 fetched and stored the new response: let the backups have it before the
                // others read, so a lagging backup cannot make them fetch a third copy (the purged
                // tier-1 copies they hold are refused either way)
                awaitEveryReplica(nodes, path);
            }
        }
    }

    @Test
    void aHardUrlPurgeOnOneNodeIsSeenByEveryNodeWhenItReturns() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), PARAMS)) {
            warm(nodes, "/api/tagged/p1", "/tagged/p1 run 1");
            warm(nodes, "/api/tagged/p2", "/tagged/p2 run 1");

            PurgeResult result = nodes.filter(1).purgeUrl("/api/tagged/p1", false);
            assertTrue(result.complete(), result.toString());
            assertEquals(3, result.members());
            assertEquals("url", result.scope());
            assertTrue(result.sequence() > 0);

            HttpResponse<byte[]> first = nodes.get(2, "/api/tagged/p1");
            assertEquals("MISS", header(first, "X-Cache"), "the first request after the purge misses");
            assertEquals("/tagged/p1 run 2", text(first));
            awaitEveryReplica(nodes, "/api/tagged/p1");
            noNodeServes(nodes, "/api/tagged/p1", "/tagged/p1 run 1");
            assertEquals(2, nodes.origin.runs("/tagged/p1"), "one origin call after the purge");
            for (int i = 0; i < 3; i++) {
                assertEquals("HIT", header(nodes.get(i, "/api/tagged/p2"), "X-Cache"), "other URLs stay");
            }
        }
    }

    @Test
    void anAbsoluteUrlPurgeReachesOnlyThatHost() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), PARAMS)) {
            warm(nodes, "/api/tagged/abs", "/tagged/abs run 1");
            PurgeResult other = nodes.filter(0).purgeUrl("http://elsewhere.example:8080/api/tagged/abs", false);
            assertTrue(other.complete());
            assertEquals("HIT", header(nodes.get(1, "/api/tagged/abs"), "X-Cache"), "another host's URL");
            nodes.filter(0).purgeUrl("http://" + ClusterNodes.SITE + "/api/tagged/abs", false);
            noNodeServes(nodes, "/api/tagged/abs", "/tagged/abs run 1");
        }
    }

    @Test
    void aHardTagPurgeRemovesEveryTaggedResponseOnEveryNode() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), PARAMS)) {
            warm(nodes, "/api/tagged/a?sk=product-7%20catalog", "/tagged/a run 1");
            warm(nodes, "/api/tagged/b?ct=product-7", "/tagged/b run 1");
            warm(nodes, "/api/tagged/c?sk=product-8", "/tagged/c run 1");

            PurgeResult result = nodes.filter(2).purgeTags(List.of("product-7"), false);
            assertTrue(result.complete(), result.toString());
            assertEquals(List.of("product-7"), result.targets());

            noNodeServes(nodes, "/api/tagged/a?sk=product-7%20catalog", "/tagged/a run 1");
            noNodeServes(nodes, "/api/tagged/b?ct=product-7", "/tagged/b run 1");
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> untouched = nodes.get(i, "/api/tagged/c?sk=product-8");
                assertEquals("HIT", header(untouched, "X-Cache"));
                assertEquals("/tagged/c run 1", text(untouched));
            }
            assertEquals(2, nodes.origin.runs("/tagged/a"));
            assertEquals(2, nodes.origin.runs("/tagged/b"));
        }
    }

    @Test
    void tagFieldsNeverReachTheClient() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(1, Clock.systemUTC(), PARAMS)) {
            HttpResponse<byte[]> miss = nodes.get(0, "/api/tagged/strip?sk=secret-tag&ct=other");
            assertEquals("MISS", header(miss, "X-Cache"));
            assertNull(header(miss, "Surrogate-Key"));
            assertNull(header(miss, "Cache-Tag"));
            Await.until("stored", () -> nodes.filter(0).stats().stores() >= 1);
            HttpResponse<byte[]> hit = nodes.get(0, "/api/tagged/strip?sk=secret-tag&ct=other");
            assertEquals("HIT", header(hit, "X-Cache"));
            assertNull(header(hit, "Surrogate-Key"));
            assertNull(header(hit, "Cache-Tag"));
            // the tags were stored all the same: a purge by either one reaches it
            nodes.filter(0).purgeTags(List.of("other"), false);
            assertEquals("MISS", header(nodes.get(0, "/api/tagged/strip?sk=secret-tag&ct=other"), "X-Cache"));
        }
    }

    @Test
    void tagFieldsAreKeptWhenStrippingIsOff() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(1, Clock.systemUTC(), "stripTagHeaders", "false")) {
            HttpResponse<byte[]> miss = nodes.get(0, "/api/tagged/kept?sk=k1");
            assertEquals("k1", header(miss, "Surrogate-Key"));
            Await.until("stored", () -> nodes.filter(0).stats().stores() >= 1);
            HttpResponse<byte[]> hit = nodes.get(0, "/api/tagged/kept?sk=k1");
            assertEquals("HIT", header(hit, "X-Cache"));
            assertEquals("k1", header(hit, "Surrogate-Key"));
        }
    }

    @Test
    void aHardPurgeOfEverythingBumpsTheNamespaceOnEveryNode() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), PARAMS)) {
            warm(nodes, "/api/tagged/x", "/tagged/x run 1");
            warm(nodes, "/api/tagged/y", "/tagged/y run 1");
            PurgeResult result = nodes.filter(0).purgeAll(false);
            assertTrue(result.complete(), result.toString());
            assertTrue(result.namespaceVersion() >= 1);
            noNodeServes(nodes, "/api/tagged/x", "/tagged/x run 1");
            noNodeServes(nodes, "/api/tagged/y", "/tagged/y run 1");
        }
    }

    @Test
    void aPurgeDuringAFetchPurgesWhatThatFetchStores() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), PARAMS)) {
            var slow = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> text(nodes.get(0, "/api/tagged/race?sk=r&ms=600")));
            Await.until("the fetch reached the origin", () -> nodes.origin.runs("/tagged/race") == 1);
            assertTrue(nodes.filter(1).purgeTags(List.of("r"), false).complete());
            assertEquals("/tagged/race run 1", slow.get(), "its own client still gets it");
            Await.until("the purged fetch was stored", () -> nodes.filter(0).stats().stores() >= 1);
            noNodeServes(nodes, "/api/tagged/race?sk=r&ms=600", "/tagged/race run 1");
        }
    }

    @Test
    void aSoftPurgeServesStaleWhileOneRefreshRunsForTheWholeCluster() throws Exception {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (ClusterNodes nodes = ClusterNodes.start(3, clock, PARAMS)) {
            String path = "/api/tagged/soft?sk=s1&swr=30&ms=300";
            warm(nodes, path, "/tagged/soft run 1");

            PurgeResult result = nodes.filter(0).purgeTags(List.of("s1"), true);
            assertTrue(result.complete() && result.soft(), result.toString());

            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> r = nodes.get(i, path);
                assertEquals("/tagged/soft run 1", text(r), "served stale at once while the refresh runs");
                assertTrue(header(r, "Cache-Status").contains("detail=stale-while-revalidate"),
                        header(r, "Cache-Status"));
            }
            for (int i = 0; i < 3; i++) {
                int node = i;
                Await.until("node " + node + " serves the refreshed response",
                        () -> "/tagged/soft run 2".equals(text(nodes.get(node, path))));
            }
            assertEquals(2, nodes.origin.runs("/tagged/soft"), "exactly one refresh for the whole cluster");
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> r = nodes.get(i, path);
                assertEquals("/tagged/soft run 2", text(r));
                assertFalse(header(r, "Cache-Status").contains("stale"), header(r, "Cache-Status"));
            }
        }
    }

    @Test
    void aSoftPurgeOfAResponseWithoutStaleWindowsActsLikeAHardOne() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), PARAMS)) {
            warm(nodes, "/api/tagged/nowindow", "/tagged/nowindow run 1");
            assertTrue(nodes.filter(2).purgeUrl("/api/tagged/nowindow", true).complete());
            noNodeServes(nodes, "/api/tagged/nowindow", "/tagged/nowindow run 1");
        }
    }

    @Test
    void aSoftPurgeOfEverythingMarksEverythingStale() throws Exception {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (ClusterNodes nodes = ClusterNodes.start(3, clock, PARAMS)) {
            String path = "/api/tagged/all-soft?swr=30";
            warm(nodes, path, "/tagged/all-soft run 1");
            PurgeResult result = nodes.filter(1).purgeAll(true);
            assertTrue(result.complete() && result.soft() && result.sequence() > 0, result.toString());
            HttpResponse<byte[]> r = nodes.get(2, path);
            assertTrue(header(r, "Cache-Status").contains("detail=stale-while-revalidate"), header(r, "Cache-Status"));
            Await.until("refreshed", () -> "/tagged/all-soft run 2".equals(text(nodes.get(0, path))));
            assertEquals(2, nodes.origin.runs("/tagged/all-soft"));
        }
    }

    @Test
    void aNodeThatStartsAfterAPurgeLoadsTheRecords() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(2, Clock.systemUTC(), PARAMS)) {
            warm2(nodes, "/api/tagged/late?sk=late");
            nodes.filter(0).purgeTags(List.of("late"), false);
            // a third filter on member 1, started after the purge, reading the same tier 2
            dev.strata.StrataFilter late = new dev.strata.StrataFilter();
            try (var server = dev.strata.testing.JettyServer.start(late, java.util.Map.of("hazelcastInstance",
                    nodes.members().name(1), "minWriteInterval", "0", "tier2Timeout", "2s"), nodes.origin.origin())) {
                HttpResponse<byte[]> r = dev.strata.testing.Http.get(server.uri("/api/tagged/late?sk=late"), "Host",
                        ClusterNodes.SITE);
                assertNotEquals("/tagged/late run 1", text(r), header(r, "Cache-Status"));
            }
        }
    }

    private static void warm2(ClusterNodes nodes, String path) {
        nodes.get(0, path);
        Await.until("stored", () -> nodes.filter(0).stats().stores() >= 1);
        Await.until("node 1 reads it from tier 2", () -> "KV".equals(header(nodes.get(1, path), "X-Cache"))
                || "HIT".equals(header(nodes.get(1, path), "X-Cache")));
    }
}
