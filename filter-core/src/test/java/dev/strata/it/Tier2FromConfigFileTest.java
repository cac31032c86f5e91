package dev.strata.it;

import static dev.strata.testing.Http.get;
import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import dev.strata.testing.Await;
import dev.strata.testing.FreePorts;
import dev.strata.testing.JettyServer;
import dev.strata.testing.TestOrigin;
import dev.strata.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The {@code hazelcastConfig} init-param: a member the filter starts from a YAML file, and owns. */
class Tier2FromConfigFileTest {

    @Test
    void aMemberStartedFromAYamlFileServesTier2WithStratasMapConfig() throws Exception {
        String name = "strata-file-" + UUID.randomUUID();
        int port = FreePorts.next();
        Path yaml = Files.createTempFile("strata-hazelcast", ".yaml");
        yaml.toFile().deleteOnExit();
        Files.writeString(yaml, """
                hazelcast:
                  instance-name: %1$s
                  cluster-name: %1$s
                  properties:
                    hazelcast.phone.home.enabled: false
                    hazelcast.wait.seconds.before.join: 0
                    hazelcast.partition.count: 31
                  network:
                    port:
                      auto-increment: false
                      port: %2$d
                    interfaces:
                      enabled: true
                      interfaces:
                        - 127.0.0.1
                    join:
                      multicast:
                        enabled: false
                      auto-detection:
                        enabled: false
                      tcp-ip:
                        enabled: true
                        member-list:
                          - 127.0.0.1:%2$d
                """.formatted(name, port));
        TestOrigin origin = new TestOrigin();
        StrataFilter filter = new StrataFilter();
        HazelcastInstance hz;
        try (TestServer server = JettyServer.start(filter,
                Map.of("hazelcastConfig", yaml.toString(), "tier2Map", "from-file", "tier1MaxBytes", "0"), origin)) {
            hz = Hazelcast.getHazelcastInstanceByName(name);
            assertNotNull(hz, "the filter started the member the file describes");
            MapConfig map = hz.getConfig().findMapConfig("from-file");
            assertEquals(0, map.getBackupCount());
            assertEquals(1, map.getAsyncBackupCount());
            assertTrue(map.isReadBackupData());

            HttpResponse<byte[]> first = get(server.uri("/api/public/file"));
            assertEquals("MISS", header(first, "X-Cache"));
            Await.until("store", () -> filter.stats().stores() >= 1);
            HttpResponse<byte[]> second = get(server.uri("/api/public/file"));
            assertEquals("KV", header(second, "X-Cache"), "tier 1 is off: the member answers");
            assertEquals(text(first), text(second));
            assertEquals(1, hz.getMap("from-file").size());
            assertEquals(1, origin.runs("/public/file"));
        }
        assertFalse(hz.getLifecycleService().isRunning(), "the filter shuts down the member it started");
    }
}
