package dev.strata.it;

import static dev.strata.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.PurgeResult;
import dev.strata.testing.Await;
import dev.strata.testing.ClusterNodes;
import dev.strata.testing.Http;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * How long until every node misses after a purge, on three Jettys and a three-member Hazelcast
 * cluster in one JVM on loopback. Not a test (its name keeps it out of {@code mvn test}); run it with
 * <pre>
 * mvn -q -B -o -pl filter-core test -Dtest=PurgeLatencyBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * For each purge: one URL is stored and every node given its own tier-1 copy (not timed); then the
 * clock starts, node {@code i % 3} purges it (URL and tag purges alternate), and as soon as the
 * purge returns one {@code HEAD} per node is sent in parallel (a {@code HEAD} is answered from the
 * stored {@code GET} on a hit, and goes to the origin without coalescing on a miss); the time is
 * taken when the last of the three has answered {@code X-Cache: MISS}. Also reported: the purge
 * call alone (when it returns, every member has applied it).
 */
class PurgeLatencyBench {
    private static final int WARM_UP = 20;
    private static final int PURGES = 100;

    @Test
    void timeUntilEveryNodeMisses() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), "minWriteInterval", "0",
                "tier2Timeout", "2s")) {
            List<Long> purgeNanos = new ArrayList<>();
            List<Long> everyNodeNanos = new ArrayList<>();
            for (int n = 0; n < WARM_UP + PURGES; n++) {
                String path = "/api/tagged/bench-" + n + "?sk=bench-" + n;
                warm(nodes, path);
                int purger = n % 3;
                long start = System.nanoTime();
                PurgeResult result = n % 2 == 0 ? nodes.filter(purger).purgeUrl(path, false)
                        : nodes.filter(purger).purgeTags(List.of("bench-" + n), false);
                long purged = System.nanoTime();
                List<CompletableFuture<Long>> misses = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int node = i;
                    misses.add(CompletableFuture.supplyAsync(() -> {
                        while (true) {
                            HttpResponse<byte[]> r = Http.send("HEAD", nodes.uri(node, path), "Host",
                                    ClusterNodes.SITE);
                            if ("MISS".equals(header(r, "X-Cache"))) {
                                return System.nanoTime();
                            }
                            System.err.println("node " + node + " still served the purged entry: "
                                    + header(r, "Cache-Status"));
                        }
                    }, pool));
                }
                long last = 0;
                for (CompletableFuture<Long> f : misses) {
                    last = Math.max(last, f.get());
                }
                assertTrue(result.complete(), result.toString());
                if (n >= WARM_UP) {
                    purgeNanos.add(purged - start);
                    everyNodeNanos.add(last - start);
                }
            }
            assertEquals(PURGES, everyNodeNanos.size());
            System.out.println(report("purge call (returns once every member applied it)", purgeNanos));
            System.out.println(report("purge start until every node missed", everyNodeNanos));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stores the URL and waits until every node answers it from its tier 1. */
    private static void warm(ClusterNodes nodes, String path) {
        nodes.get(0, path);
        ClusterPurgeTest.awaitEveryReplica(nodes, path);
        for (int i = 0; i < 3; i++) {
            int node = i;
            Await.until("node " + node + " holds a tier-1 copy", () -> "HIT".equals(header(nodes.get(node, path),
                    "X-Cache")));
        }
    }

    private static String report(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%s over %d purges: p50 %.2f ms, p99 %.2f ms, max %.2f ms", what,
                sorted.size(), percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }
}
