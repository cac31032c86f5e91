package dev.strata.example.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.example.demo.DemoCluster;
import dev.strata.example.demo.DemoLogging;
import dev.strata.example.demo.ExampleOptions;
import dev.strata.example.member.StrataMember;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Tomcat example as a Hazelcast client ({@code --client --members}) of a {@code StrataMember}:
 * web.xml's {@code hazelcastInstance} names the client, which the filter finds like a member.
 */
class TomcatClientModeTest {

    @Test
    void theWebXmlFilterUsesTheClient() throws Exception {
        DemoLogging.quiet();
        // port 0: the member picks a free one itself (with auto-increment); the clients are given the
        // address it bound, so no port picked in advance can be taken in between
        HazelcastInstance member = StrataMember.start(
                new StrataMember.Options(0, List.of(), DemoCluster.TIER2_MAP, 16));
        String address = "127.0.0.1:" + DemoCluster.boundPort(member);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (TomcatExample server = TomcatExample.start(ExampleOptions.ephemeral().asClientOf(List.of(address)))) {
            assertEquals(0, server.clusterPort(), "a client binds no cluster port");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String cache = "";
            for (int i = 0; System.nanoTime() < deadline && !"KV".equals(cache) && !"HIT".equals(cache); i++) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/catalog/client-" + i);
                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
                Thread.sleep(300);
                cache = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                        .headers().firstValue("X-Cache").orElse("");
            }
            assertEquals("CLOSED", server.filter(TomcatExample.FILTER_NAME).stats().tier2Circuit());
            assertEquals("lease", server.filter(TomcatExample.FILTER_NAME).coordinator(), "the cluster's coordinator");
        } finally {
            member.shutdown();
        }
    }

    @Test
    void initParamsAndChaosAreJettyOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> TomcatExample.start(ExampleOptions.ephemeral().withChaos(true)));
    }
}
