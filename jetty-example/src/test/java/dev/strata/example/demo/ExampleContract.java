package dev.strata.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What both examples must do over real HTTP, each in its own container with a one-member Hazelcast
 * cluster on free ports of 127.0.0.1: the demo origin, caching on {@code /api/*}, personalised
 * responses never shared, and the admin endpoint only with a token. Each test uses its own paths,
 * so they share one server. Subclasses (in each example module) add what is their container's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ExampleContract {
    protected ExampleServer server;
    protected HttpClient client;

    /** Starts this example. */
    protected abstract ExampleServer start(ExampleOptions options) throws Exception;

    /** The name of the filter on {@code /api/*}. */
    protected abstract String filterName();

    @BeforeAll
    void startServer() throws Exception {
        DemoLogging.quiet();
        server = start(ExampleOptions.ephemeral());
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void startsOnFreePortsOfLoopback() {
        assertTrue(server.port() > 0, "HTTP port");
        assertTrue(server.clusterPort() > 0, "cluster port");
        assertEquals(1, server.hazelcast().getCluster().getMembers().size(), "a cluster of its own");
        assertEquals("127.0.0.1", server.hazelcast().getCluster().getLocalMember().getAddress().getHost());
        assertEquals("CLOSED", server.filter(filterName()).stats().tier2Circuit(), "tier 2 in use");
    }

    @Test
    void originCountIsServedOutsideTheFilter() throws Exception {
        get("/api/catalog/count-check");

        HttpResponse<String> count = get("/demo/origin-count");
        assertEquals(200, count.statusCode());
        assertEquals("application/json", mediaType(count));
        assertEquals(Optional.empty(), count.headers().firstValue("X-Cache"), "not behind a filter");
        assertTrue(count.body().matches("\\{\"total\":\\d+,\"paths\":\\{.*}}"), count.body());
        assertEquals(1, originCount("/api/catalog/count-check"));
    }

    @Test
    void secondCatalogRequestIsServedFromTheCache() throws Exception {
        assertSecondRequestIsHit(filterName(), "/api/catalog/1");
    }

    @Test
    void personalisedResponsesAreNeverServedFromTheCache() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> me = get("/api/me");
            assertEquals(200, me.statusCode());
            assertTrue(me.body().matches("\\{\"user\":\"user-[0-9a-f]{8}\"}"), me.body());
            assertTrue(me.headers().firstValue("Set-Cookie").orElse("").startsWith("session="));
            assertEquals("private", me.headers().firstValue("Cache-Control").orElse(null));
            assertNotEquals("HIT", me.headers().firstValue("X-Cache").orElse(null));
            assertNotEquals("KV", me.headers().firstValue("X-Cache").orElse(null));
        }
        assertEquals(2, originCount("/api/me"));
    }

    @Test
    void malformedDelayIsABadRequest() throws Exception {
        assertEquals(400, get("/api/catalog/2?delay=soon").statusCode());
        assertEquals(1, originCount("/api/catalog/2"));
        assertEquals(400, get("/api/catalog/2?delay=30001").statusCode());
        assertEquals(400, get("/api/catalog/2?delay=-5").statusCode());
        assertEquals(3, originCount("/api/catalog/2"));
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        assertEquals(404, get("/nothing-here").statusCode());
        assertEquals(404, get("/api/catalog/").statusCode());
    }

    @Test
    void theAdminEndpointIsOffWithoutAnAdminToken() throws Exception {
        assertEquals(404, get("/_strata/stats").statusCode());
    }

    @Test
    void adminTokenTurnsOnPurgeAndStatsAtStrataPath() throws Exception {
        String token = "example-admin-token-42";
        try (ExampleServer admin = start(ExampleOptions.ephemeral().withAdminToken(token))) {
            URI base = admin.baseUri();
            HttpResponse<String> first = send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me")));
            assertEquals("MISS", first.headers().firstValue("X-Cache").orElse(null));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (admin.filter(filterName()).stats().stores() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("HIT", send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me")))
                    .headers().firstValue("X-Cache").orElse(null));

            HttpResponse<String> refused = send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me"))
                    .method("PURGE", HttpRequest.BodyPublishers.noBody()));
            assertEquals(401, refused.statusCode());
            HttpResponse<String> purged = send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me"))
                    .method("PURGE", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token));
            assertEquals(200, purged.statusCode(), purged.body());
            assertTrue(purged.body().contains("\"purged\":\"url\""), purged.body());
            assertEquals("MISS", send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me")))
                    .headers().firstValue("X-Cache").orElse(null));

            HttpResponse<String> all = send(HttpRequest.newBuilder(base.resolve("/_strata/purge"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}"))
                    .header("Authorization", "Bearer " + token));
            assertEquals(200, all.statusCode(), all.body());
            assertTrue(all.body().contains("\"namespaceVersion\""), all.body());
            HttpResponse<String> stats = send(HttpRequest.newBuilder(base.resolve("/_strata/stats"))
                    .header("Authorization", "Bearer " + token));
            assertEquals(200, stats.statusCode(), stats.body());
            assertTrue(stats.body().contains("\"cluster\":{\"nodes\":1,"), stats.body());
            assertEquals(401, send(HttpRequest.newBuilder(base.resolve("/_strata/stats"))).statusCode());
        }
    }

    // --- helpers for the subclasses' own tests ---

    /** A first request is a MISS, the second (once stored) a HIT with the same body; one origin run. */
    protected void assertSecondRequestIsHit(String filter, String path) throws Exception {
        long storesBefore = stores(filter);
        HttpResponse<String> first = get(path);
        assertEquals(200, first.statusCode());
        assertEquals("application/json", mediaType(first));
        assertEquals("public, max-age=60", first.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(first.headers().firstValue("ETag").orElse("").matches("\"[0-9a-f]{32}\""));
        assertEquals("MISS", first.headers().firstValue("X-Cache").orElse(null));
        assertNotNull(first.headers().firstValue("Cache-Status").orElse(null));

        awaitStore(filter, storesBefore);
        HttpResponse<String> second = get(path);
        assertEquals(200, second.statusCode());
        assertEquals("HIT", second.headers().firstValue("X-Cache").orElse(null));
        assertEquals(first.body(), second.body(), "the stored body, servedAt included");
        assertEquals(first.headers().firstValue("ETag"), second.headers().firstValue("ETag"));

        assertEquals(1, originCount(path));
    }

    protected HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(10)).build();
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return client.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String mediaType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").trim();
    }

    /** This path's origin runs, as reported by /demo/origin-count (0 when absent). */
    protected long originCount(String path) throws IOException, InterruptedException {
        String json = get("/demo/origin-count").body();
        Matcher m = Pattern.compile(Pattern.quote("\"" + path + "\":") + "(\\d+)").matcher(json);
        long reported = m.find() ? Long.parseLong(m.group(1)) : 0;
        assertEquals(server.originCounter().count(path), reported, json);
        return reported;
    }

    protected long stores(String filter) {
        return server.filter(filter).stats().stores();
    }

    /**
     * Tier writes run after the response is sent: wait (up to 5 s) until the filter has stored
     * one more response than {@code before}, so the next request can find it.
     */
    protected void awaitStore(String filter, long before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (stores(filter) <= before) {
            if (System.nanoTime() > deadline) {
                fail("filter " + filter + " stored nothing within 5 s: " + server.filter(filter).stats());
            }
            Thread.sleep(10);
        }
    }
}
