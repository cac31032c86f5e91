package dev.strata.example.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strata.example.demo.DemoLogging;
import dev.strata.example.demo.ExampleOptions;
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

/**
 * Smoke test of the Tomcat example over real HTTP: Tomcat parsing the real WEB-INF/web.xml and
 * scanning for AnnotatedStrataFilter, with a one-member Hazelcast cluster, all on free ports of
 * 127.0.0.1. Each test uses its own paths, so they share one server.
 */
class TomcatExampleTest {

    private static TomcatExample server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        DemoLogging.quiet();
        server = TomcatExample.start(ExampleOptions.ephemeral());
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void startsOnFreePortsOfLoopback() {
        assertTrue(server.port() > 0, "HTTP port");
        assertTrue(server.clusterPort() > 0, "cluster port");
        assertEquals(1, server.hazelcast().getCluster().getMembers().size(), "a cluster of its own");
        assertNull(System.getProperty(TomcatExample.INSTANCE_PROPERTY), "restored after start");
    }

    /**
     * Both filters run with tier 2: web.xml's got the instance name by ${...} substitution, the
     * annotated one from HazelcastInstanceListener.
     */
    @Test
    void bothFiltersUseTheHazelcastMember() {
        assertEquals("CLOSED", server.filter(TomcatExample.FILTER_NAME).stats().tier2Circuit());
        assertEquals("CLOSED", server.filter(TomcatExample.ANNOTATED_FILTER_NAME).stats().tier2Circuit());
    }

    @Test
    void originCountIsServedOutsideTheFilters() throws Exception {
        get("/api/catalog/count-check");

        HttpResponse<String> count = get("/demo/origin-count");
        assertEquals(200, count.statusCode());
        assertEquals("application/json", mediaType(count));
        assertEquals(Optional.empty(), count.headers().firstValue("X-Cache"), "not behind a filter");
        assertTrue(count.body().matches("\\{\"total\":\\d+,\"paths\":\\{.*}}"), count.body());
        assertEquals(1, originCount("/api/catalog/count-check"));
    }

    /** StrataFilter as declared in web.xml, on /api/*. */
    @Test
    void secondCatalogRequestIsServedFromTheCache() throws Exception {
        assertSecondRequestIsHit(TomcatExample.FILTER_NAME, "/api/catalog/1");
    }

    /** AnnotatedStrataFilter, found by annotation scanning, on /api2/*. */
    @Test
    void annotatedFilterCachesApi2() throws Exception {
        assertSecondRequestIsHit(TomcatExample.ANNOTATED_FILTER_NAME, "/api2/catalog/7");
    }

    /**
     * The annotation's init-params reach AnnotatedStrataFilter: its maxEntryBytes is 256k, the
     * web.xml filter's 1m, so a 300 000-byte body is stored on /api/* only.
     */
    @Test
    void annotatedFilterHasItsOwnInitParams() throws Exception {
        String size = "?bytes=300000";
        long annotatedStoresBefore = stores(TomcatExample.ANNOTATED_FILTER_NAME);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> tooBig = getBytes("/api2/big" + size);
            assertEquals(200, tooBig.statusCode());
            assertEquals(300_000, tooBig.body().length);
            assertNotNull(tooBig.headers().firstValue("X-Cache").orElse(null), "behind the annotated filter");
            assertNotEquals("HIT", tooBig.headers().firstValue("X-Cache").orElse(null));
            assertNotEquals("KV", tooBig.headers().firstValue("X-Cache").orElse(null));
        }
        assertEquals(2, originCount("/api2/big"));

        assertEquals(0, stores(TomcatExample.ANNOTATED_FILTER_NAME) - annotatedStoresBefore, "too big to store");

        long storesBefore = stores(TomcatExample.FILTER_NAME);
        assertEquals("MISS", getBytes("/api/big" + size).headers().firstValue("X-Cache").orElse(null));
        awaitStore(TomcatExample.FILTER_NAME, storesBefore);
        HttpResponse<byte[]> stored = getBytes("/api/big" + size);
        assertEquals("HIT", stored.headers().firstValue("X-Cache").orElse(null));
        assertEquals(300_000, stored.body().length);
        assertEquals(1, originCount("/api/big"));
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
        assertEquals(400, get("/api/catalog/2?delay=-5").statusCode());
        assertEquals(2, originCount("/api/catalog/2"));
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        assertEquals(404, get("/nothing-here").statusCode());
        assertEquals(404, get("/api/catalog/").statusCode());
    }

    // --- helpers ---

    private static void assertSecondRequestIsHit(String filterName, String path) throws Exception {
        long storesBefore = stores(filterName);
        HttpResponse<String> first = get(path);
        assertEquals(200, first.statusCode());
        assertEquals("application/json", mediaType(first));
        assertEquals("public, max-age=60", first.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(first.headers().firstValue("ETag").orElse("").matches("\"[0-9a-f]{32}\""));
        assertEquals("MISS", first.headers().firstValue("X-Cache").orElse(null));
        assertNotNull(first.headers().firstValue("Cache-Status").orElse(null));

        awaitStore(filterName, storesBefore);
        HttpResponse<String> second = get(path);
        assertEquals(200, second.statusCode());
        assertEquals("HIT", second.headers().firstValue("X-Cache").orElse(null));
        assertEquals(first.body(), second.body(), "the stored body, servedAt included");

        assertEquals(1, originCount(path));
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return client.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String mediaType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").trim();
    }

    /** This path's origin runs, as reported by /demo/origin-count (0 when absent). */
    private static long originCount(String path) throws IOException, InterruptedException {
        String json = get("/demo/origin-count").body();
        Matcher m = Pattern.compile(Pattern.quote("\"" + path + "\":") + "(\\d+)").matcher(json);
        long reported = m.find() ? Long.parseLong(m.group(1)) : 0;
        assertEquals(server.originCounter().count(path), reported, json);
        return reported;
    }

    private static long stores(String filterName) {
        return server.filter(filterName).stats().stores();
    }

    /**
     * Tier writes run after the response is sent: wait (up to 5 s) until the filter has stored
     * one more response than {@code before}, so the next request can find it.
     */
    private static void awaitStore(String filterName, long before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (stores(filterName) <= before) {
            if (System.nanoTime() > deadline) {
                fail("filter " + filterName + " stored nothing within 5 s: " + server.filter(filterName).stats());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theAdminEndpointIsOffWithoutAnAdminToken() throws Exception {
        assertEquals(404, get("/_strata/stats").statusCode());
    }

    @Test
    void adminTokenTurnsOnPurgeAndStatsAtStrataPath() throws Exception {
        String token = "example-admin-token-42";
        try (TomcatExample admin = TomcatExample.start(ExampleOptions.ephemeral().withAdminToken(token))) {
            URI base = admin.baseUri();
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("MISS", first.headers().firstValue("X-Cache").orElse(null));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (admin.filter(TomcatExample.FILTER_NAME).stats().stores() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("HIT", client.send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me")).build(),
                    HttpResponse.BodyHandlers.ofString()).headers().firstValue("X-Cache").orElse(null));

            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me"))
                    .method("PURGE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode());
            HttpResponse<String> purged = client.send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me"))
                    .method("PURGE", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, purged.statusCode(), purged.body());
            assertTrue(purged.body().contains("\"purged\":\"url\""), purged.body());
            assertEquals("MISS", client.send(HttpRequest.newBuilder(base.resolve("/api/catalog/purge-me")).build(),
                    HttpResponse.BodyHandlers.ofString()).headers().firstValue("X-Cache").orElse(null));

            HttpResponse<String> all = client.send(HttpRequest.newBuilder(base.resolve("/_strata/purge"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, all.statusCode(), all.body());
            assertTrue(all.body().contains("\"namespaceVersion\""), all.body());
            HttpResponse<String> stats = client.send(HttpRequest.newBuilder(base.resolve("/_strata/stats"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stats.statusCode(), stats.body());
            assertTrue(stats.body().contains("\"cluster\":{\"nodes\":1,"), stats.body());
            assertEquals(401, client.send(HttpRequest.newBuilder(base.resolve("/_strata/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
