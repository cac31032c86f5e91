package dev.strata.it;

import static dev.strata.testing.Http.get;
import static dev.strata.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import dev.strata.StrataMemberConfig;
import dev.strata.testing.Await;
import dev.strata.testing.FreePorts;
import dev.strata.testing.JettyServer;
import dev.strata.testing.TestMembers;
import dev.strata.testing.TestOrigin;
import dev.strata.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter as a Hazelcast client of a cluster of plain members that carry Strata's map configs
 * ({@link StrataMemberConfig}): shared tier 2, fail-open while the cluster is not there, and a
 * cluster that comes (back) up picked up without restarting the app node.
 */
class ClientModeTest {
    private static final String SITE = "shop.example:8080";
    private static final AtomicInteger KEYS = new AtomicInteger();

    @TempDir
    Path dir;

    private Path clientYaml(String clusterName, String instanceName, String... members) throws Exception {
        StringBuilder yaml = new StringBuilder("hazelcast-client:\n  cluster-name: ").append(clusterName).append('\n');
        if (instanceName != null) {
            yaml.append("  instance-name: ").append(instanceName).append('\n');
        }
        yaml.append("  properties:\n    hazelcast.logging.type: jdk\n    hazelcast.phone.home.enabled: false\n")
                .append("  network:\n    cluster-members:\n");
        for (String m : members) {
            yaml.append("      - ").append(m).append('\n');
        }
        // a file that asks for blocking behaviour: Strata overrides it (async start and reconnect)
        yaml.append("  connection-strategy:\n    async-start: false\n    reconnect-mode: ON\n")
                .append("    connection-retry:\n      initial-backoff-millis: 100\n      max-backoff-millis: 500\n")
                .append("      cluster-connect-timeout-millis: 2000\n");
        Path file = dir.resolve("client-" + UUID.randomUUID() + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static TestMembers members(int count) {
        return TestMembers.start(count, c -> StrataMemberConfig.apply(c, "strata-responses", 16));
    }

    @Test
    void twoClientNodesShareTier2() throws Exception {
        try (TestMembers members = members(2)) {
            Path yaml = clientYaml(members.clusterName(), null, members.address(0), members.address(1));
            ClientConfig running = new ClientConfig().setClusterName(members.clusterName())
                    .setInstanceName("strata-test-client-" + UUID.randomUUID());
            running.getNetworkConfig().addAddress(members.address(0));
            HazelcastInstance client = HazelcastClient.newHazelcastClient(running);
            TestOrigin originA = new TestOrigin();
            TestOrigin originB = new TestOrigin();
            StrataFilter filterA = new StrataFilter();
            StrataFilter filterB = new StrataFilter();
            try (TestServer a = JettyServer.start(filterA, Map.of("hazelcastClientConfig", yaml.toString(),
                    "tier2Timeout", "1s"), originA);
                    TestServer b = JettyServer.start(filterB, Map.of("hazelcastInstance", client.getName(),
                            "tier2Timeout", "1s"), originB)) {
                // Both clients warm up on fresh keys: a cold client's first map operation (proxy
                // creation, partition table) can outlast tier2Timeout on a busy machine, and a miss on
                // B would put that key in B's tier 1, so each attempt must use a key nobody has seen.
                Await.until("A and B both reach tier 2", Duration.ofSeconds(45), () -> {
                    String path = "/api/public/warm-" + KEYS.incrementAndGet();
                    long storedBefore = filterA.stats().stores();
                    get(a.uri(path), "Host", SITE);
                    long deadline = System.currentTimeMillis() + 2000;
                    while (filterA.stats().stores() <= storedBefore && System.currentTimeMillis() < deadline) {
                        sleep(20);
                    }
                    return "KV".equals(header(get(b.uri(path), "Host", SITE), "X-Cache"));
                });
                long storedBefore = filterA.stats().stores();
                HttpResponse<byte[]> first = get(a.uri("/api/public/shared"), "Host", SITE);
                assertEquals("MISS", header(first, "X-Cache"));
                Await.until("store on A", () -> originA.runs("/public/shared") == 1
                        && filterA.stats().stores() > storedBefore);
                assertEquals("KV", header(get(b.uri("/api/public/shared"), "Host", SITE), "X-Cache"));
                assertEquals(0, originB.runs("/public/shared"));
                assertEquals("lease", filterA.coordinator());
                assertEquals("lease", filterB.coordinator());
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aClusterThatIsNotThereCostsNothingAndIsPickedUpWhenItComes() throws Exception {
        int port = FreePorts.next();
        String clusterName = "strata-test-" + UUID.randomUUID();
        String instanceName = "strata-test-client-" + UUID.randomUUID();
        Path yaml = clientYaml(clusterName, instanceName, "127.0.0.1:" + port);
        TestOrigin origin = new TestOrigin();
        StrataFilter filter = new StrataFilter();
        Map<String, String> params = Map.of("hazelcastClientConfig", yaml.toString(), "tier1MaxBytes", "0",
                "tier2Timeout", "500ms", "circuitOpenDuration", "1s");
        long started = System.nanoTime();
        try (TestServer server = JettyServer.start(filter, params, origin)) {
            // init does not wait for the cluster (the file's async-start false and 2 s connect
            // timeout are overridden: a client that gives up would never come back)
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 15, "init waited for the cluster");
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = get(server.uri("/api/public/down-" + (i % 3)));
                long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                assertEquals(200, r.statusCode(), "request " + i);
                assertEquals("MISS", header(r, "X-Cache"));
                assertTrue(millis < 1000, "request " + i + " took " + millis + " ms");
            }
            assertTrue(filter.stats().tier2Errors() >= 5, filter.stats().toString());
            assertTrue(!"CLOSED".equals(filter.stats().tier2Circuit()), filter.stats().toString());
            assertNotNull(HazelcastClient.getHazelcastClientByName(instanceName));

            try (TestMembers members = TestMembers.start(clusterName, List.of(port),
                    c -> StrataMemberConfig.apply(c, "strata-responses", 16))) {
                // the running node picks the cluster up: a stored response is read back from tier 2
                Await.until("tier 2 in use again", Duration.ofSeconds(60), () -> {
                    String path = "/api/public/back-" + KEYS.incrementAndGet();
                    get(server.uri(path));
                    long deadline = System.currentTimeMillis() + 2000;
                    while (System.currentTimeMillis() < deadline) {
                        if ("KV".equals(header(get(server.uri(path)), "X-Cache"))) {
                            return true;
                        }
                        sleep(50);
                    }
                    return false;
                });
                assertEquals("CLOSED", filter.stats().tier2Circuit());
            }
        }
        // the client the filter started is shut down with it
        assertNull(HazelcastClient.getHazelcastClientByName(instanceName));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
