package dev.strata.example.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.example.demo.DemoCluster;
import dev.strata.example.demo.DemoLogging;
import dev.strata.example.demo.ExampleOptions;
import dev.strata.example.demo.ItemBody;
import dev.strata.example.member.StrataMember;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example as a Hazelcast client ({@code --client --members}) of a {@link StrataMember}, with
 * the fault-test origin ({@code --chaos}): two app nodes share tier 2 through the member.
 */
class JettyClientModeTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoClientNodesShareTier2ThroughAStrataMember() throws Exception {
        DemoLogging.quiet();
        // port 0: the member picks a free one itself (with auto-increment); the clients are given the
        // address it bound, so no port picked in advance can be taken in between
        HazelcastInstance member = StrataMember.start(
                new StrataMember.Options(0, List.of(), DemoCluster.TIER2_MAP, 16));
        String address = "127.0.0.1:" + DemoCluster.boundPort(member);
        ExampleOptions options = ExampleOptions.ephemeral().asClientOf(List.of(address)).withChaos(true)
                .withInitParam("tier2Timeout", "2s");
        try (JettyExample a = JettyExample.start(options); JettyExample b = JettyExample.start(options)) {
            assertEquals(0, a.clusterPort(), "a client binds no cluster port");
            String key = "/api/item/client-mode-" + System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String cacheOnB = null;
            while (System.nanoTime() < deadline && !"KV".equals(cacheOnB)) {
                HttpResponse<byte[]> fromA = get(a, key);
                assertEquals(200, fromA.statusCode());
                Thread.sleep(200);
                HttpResponse<byte[]> fromB = get(b, key);
                assertEquals(200, fromB.statusCode());
                assertTrue(java.util.Arrays.equals(ItemBody.of(key.substring(key.lastIndexOf('/') + 1)), fromB.body()));
                cacheOnB = fromB.headers().firstValue("X-Cache").orElse("");
                key = key + "x";
            }
            assertEquals("KV", cacheOnB, "B read A's response from tier 2");
            assertEquals("CLOSED", a.filter(JettyExample.FILTER_NAME).stats().tier2Circuit());
        } finally {
            member.shutdown();
        }
    }

    private static HttpResponse<byte[]> get(JettyExample node, String path) throws IOException, InterruptedException {
        // one site name for both nodes, as behind a load balancer: the key includes the host
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Host", "shop.example").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
