package dev.strata.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.testing.ClusterNodes;
import dev.strata.testing.TestMembers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures for BENCHMARKS.md, not assertions about time: how long coalesced clients wait, and what
 * the write coordinator adds to a miss. Excluded from the normal build (tag "benchmark"); run with
 * {@code mvn -B -pl filter-core test -Dtest=CoalescingBenchmark -Dtest.groups=benchmark -Dtest.excludedGroups=}
 * (add {@code -P hazelcast-cp -Dstrata.bench.cp=true} for the CP coordinator's row).
 */
@Tag("benchmark")
class CoalescingBenchmark {
    private static final int CLIENTS = 200;
    private static final int ROUNDS = 5;
    private static final long ORIGIN_MS = 500;

    @Test
    void slowestOfTwoHundredCoalescedClients() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(3, Clock.systemUTC(), "tier2Timeout", "2s")) {
            warmUp(nodes);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                for (int round = 1; round <= ROUNDS; round++) {
                    String path = "/api/slow/burst-" + round + "?ms=" + ORIGIN_MS;
                    long[] millis = burst(nodes, pool, path);
                    Arrays.sort(millis);
                    System.out.printf("coalescing round %d: %d clients on 3 nodes, origin %d ms: origin calls %d, "
                            + "median %d ms, p99 %d ms, slowest %d ms%n", round, CLIENTS, ORIGIN_MS,
                            nodes.origin.runs(path.substring(4, path.indexOf('?'))), millis[CLIENTS / 2],
                            millis[(int) (CLIENTS * 0.99) - 1], millis[CLIENTS - 1]);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void whatTheCoordinatorAddsToAMiss() throws Exception {
        boolean cp = Boolean.getBoolean("strata.bench.cp");
        for (String coordinator : cp ? new String[] {"local", "cp"} : new String[] {"local", "lease"}) {
            TestMembers members = cp ? cpMembers() : TestMembers.start(3);
            try (ClusterNodes nodes = ClusterNodes.start(members, Clock.systemUTC(), "coordinator", coordinator,
                    "tier2Timeout", "2s")) {
                warmUp(nodes);
                long[] micros = new long[1000];
                for (int i = 0; i < micros.length; i++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> r = nodes.get(i % 3, "/api/slow/miss-" + coordinator + "-" + i + "?ms=0");
                    micros[i] = (System.nanoTime() - start) / 1000;
                    assertEquals("MISS", r.headers().firstValue("X-Cache").orElse(""));
                }
                Arrays.sort(micros);
                System.out.printf("miss with coordinator %s (%s): median %d us, p99 %d us over %d misses%n",
                        nodes.filter(0).coordinator(), coordinator, micros[micros.length / 2],
                        micros[micros.length * 99 / 100], micros.length);
            }
        }
    }

    private static TestMembers cpMembers() {
        TestMembers members = TestMembers.start(3, c -> c.getCPSubsystemConfig().setCPMemberCount(3));
        for (int i = 0; i < 3; i++) {
            var hz = members.member(i);
            dev.strata.testing.Await.until("CP discovery", java.time.Duration.ofSeconds(60),
                    () -> hz.getCPSubsystem().getCPSubsystemManagementService().isDiscoveryCompleted());
        }
        return members;
    }

    private static void warmUp(ClusterNodes nodes) {
        for (int i = 0; i < 300; i++) {
            nodes.get(i % 3, "/api/slow/warm-" + i + "?ms=0");
            nodes.get(i % 3, "/api/slow/warm-" + i + "?ms=0");
        }
    }

    private static long[] burst(ClusterNodes nodes, ExecutorService pool, String path) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int node = i % 3;
            futures.add(pool.submit(() -> {
                start.await();
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = nodes.get(node, path);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("status " + r.statusCode());
                }
                return (System.nanoTime() - t0) / 1_000_000;
            }));
        }
        start.countDown();
        long[] millis = new long[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            millis[i] = futures.get(i).get();
        }
        return millis;
    }
}
