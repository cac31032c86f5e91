package dev.strata.it;

import static dev.strata.testing.Http.get;
import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataFilter;
import dev.strata.testing.Await;
import dev.strata.testing.JettyServer;
import dev.strata.testing.TestMembers;
import dev.strata.testing.TestOrigin;
import dev.strata.testing.TestServer;
import dev.strata.testing.TomcatServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tier 2 across nodes, and what happens when the cluster goes away. */
class ClusterTierTest {
    /** Nodes behind one load balancer see one Host; keys include it, so both nodes share entries. */
    private static final String SITE = "shop.example:8080";

    /** Node A stores, node B is served: each container on each side. */
    static Stream<Arguments> pairings() {
        return Stream.of(
                Arguments.of("Jetty stores, Tomcat serves", (TestServer.Factory) JettyServer::start,
                        (TestServer.Factory) TomcatServer::start),
                Arguments.of("Tomcat stores, Jetty serves", (TestServer.Factory) TomcatServer::start,
                        (TestServer.Factory) JettyServer::start));
    }

    /** Both containers. */
    static Stream<Arguments> containers() {
        return Stream.of(Arguments.of("Jetty", (TestServer.Factory) JettyServer::start),
                Arguments.of("Tomcat", (TestServer.Factory) TomcatServer::start));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairings")
    void aSecondNodeIsServedFromTier2WithoutRunningItsOrigin(String pairing, TestServer.Factory containerA,
            TestServer.Factory containerB) throws Exception {
        try (TestMembers members = TestMembers.start(2)) {
            TestOrigin originA = new TestOrigin();
            TestOrigin originB = new TestOrigin();
            StrataFilter filterA = new StrataFilter();
            StrataFilter filterB = new StrataFilter();
            try (TestServer a = containerA.start(filterA, Map.of("hazelcastInstance", members.name(0)), originA);
                    TestServer b = containerB.start(filterB, Map.of("hazelcastInstance", members.name(1)), originB)) {
                HttpResponse<byte[]> fromA = get(a.uri("/api/public/shared"), "Host", SITE);
                assertEquals("MISS", header(fromA, "X-Cache"));
                Await.until("store on A", () -> filterA.stats().stores() >= 1);
                // Backups are asynchronous: wait until B holds the entry (as owner or backup).
                Await.until("entry on B", () -> members.localEntries(1, "strata-responses") >= 1);

                HttpResponse<byte[]> fromB = get(b.uri("/api/public/shared"), "Host", SITE);
                assertEquals(200, fromB.statusCode());
                assertEquals("KV", header(fromB, "X-Cache"));
                assertTrue(header(fromB, "Cache-Status").endsWith("detail=tier2"), header(fromB, "Cache-Status"));
                assertEquals(text(fromA), text(fromB));
                assertEquals(0, originB.runs("/public/shared"));
                assertEquals(1, originA.runs("/public/shared"));

                // The tier-2 hit is promoted into B's tier 1.
                Await.until("promotion to B's tier 1",
                        () -> "HIT".equals(header(get(b.uri("/api/public/shared"), "Host", SITE), "X-Cache")));
                assertEquals(0, originB.runs("/public/shared"));
                assertTrue(filterB.stats().tier2Hits() >= 1);
            }
        }
    }

    @Test
    void rfc9111_4_4_anUnsafeRequestOnOneNodeInvalidatesTier1CopiesOnEveryNode() throws Exception {
        try (TestMembers members = TestMembers.start(2)) {
            TestOrigin originA = new TestOrigin();
            TestOrigin originB = new TestOrigin();
            StrataFilter filterA = new StrataFilter();
            StrataFilter filterB = new StrataFilter();
            try (TestServer a = JettyServer.start(filterA, Map.of("hazelcastInstance", members.name(0)), originA);
                    TestServer b = TomcatServer.start(filterB, Map.of("hazelcastInstance", members.name(1)), originB)) {
                get(a.uri("/api/public/edited"), "Host", SITE);
                Await.until("store on A", () -> filterA.stats().stores() >= 1);
                Await.until("B serves it from its tier 1",
                        () -> "HIT".equals(header(get(b.uri("/api/public/edited"), "Host", SITE), "X-Cache")));

                HttpResponse<byte[]> put = dev.strata.testing.Http.send("PUT", a.uri("/api/public/edited"), "Host",
                        SITE);
                assertEquals(200, put.statusCode());

                Await.until("B's tier-1 copy dropped",
                        () -> "MISS".equals(header(get(b.uri("/api/public/edited"), "Host", SITE), "X-Cache")));
                assertEquals(1, originB.runs("/public/edited"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void whenHazelcastDiesEveryRequestIsStillAnsweredByTheOrigin(String container, TestServer.Factory factory)
            throws Exception {
        TestMembers members = TestMembers.start(1);
        TestOrigin origin = new TestOrigin();
        StrataFilter filter = new StrataFilter();
        Map<String, String> params = Map.of("hazelcastInstance", members.name(0), "tier1MaxBytes", "0",
                "tier2Timeout", "200ms");
        try (members; TestServer server = factory.start(filter, params, origin)) {
            get(server.uri("/api/public/before"));
            Await.until("store", () -> filter.stats().stores() >= 1);
            assertEquals("KV", header(get(server.uri("/api/public/before")), "X-Cache"));

            members.close();

            // a key of its own per request: a response whose background write is still pending is
            // served from memory to the next request for its key, which is not what this measures
            for (int i = 0; i < 20; i++) {
                HttpResponse<byte[]> r = get(server.uri("/api/public/after-" + i));
                assertEquals(200, r.statusCode(), "request " + i);
                assertEquals("MISS", header(r, "X-Cache"), "request " + i);
                assertTrue(text(r).contains("\"run\":"), text(r));
                assertEquals(1, origin.runs("/public/after-" + i), "request " + i);
            }
            assertEquals(200, get(server.uri("/api/public/before")).statusCode());
            assertTrue(filter.stats().tier2Errors() >= 5, filter.stats().toString());
            assertEquals("OPEN", filter.stats().tier2Circuit(), filter.stats().toString());
        }
    }
}
