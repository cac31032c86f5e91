package dev.strata.it;

import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.ClusterNodes;
import dev.strata.testing.Http;
import dev.strata.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin endpoint on three nodes of one cluster: token, PURGE, JSON purges, stats. Runs on each
 * container ({@code JettyAdminEndpointTest}, {@code TomcatAdminEndpointTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminEndpointContract {
    private static final String TOKEN = "test-admin-token-0123456789";
    private ClusterNodes nodes;

    /** The container under test. */
    abstract TestServer.Factory container();

    @BeforeAll
    void start() throws Exception {
        nodes = ClusterNodes.start(container(), 3, Clock.systemUTC(), "minWriteInterval", "0", "tier2Timeout", "2s",
                "adminPath", "/_strata", "adminToken", TOKEN);
    }

    @AfterAll
    void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    private HttpResponse<byte[]> post(int node, String json, String... auth) {
        String[] headers = new String[auth.length + 4];
        headers[0] = "Host";
        headers[1] = ClusterNodes.SITE;
        headers[2] = "Content-Type";
        headers[3] = "application/json";
        System.arraycopy(auth, 0, headers, 4, auth.length);
        return Http.sendWithBody("POST", nodes.uri(node, "/_strata/purge"), json, headers);
    }

    private HttpResponse<byte[]> purgeMethod(int node, String path, String... auth) {
        String[] headers = new String[auth.length + 2];
        headers[0] = "Host";
        headers[1] = ClusterNodes.SITE;
        System.arraycopy(auth, 0, headers, 2, auth.length);
        return Http.send("PURGE", nodes.uri(node, path), headers);
    }

    private static final String[] BEARER = {"Authorization", "Bearer " + TOKEN};

    @Test
    void withoutTheTokenEverythingIs401AndNothingIsPurged() {
        ClusterPurgeTest.warm(nodes, "/api/tagged/guarded?sk=g", "/tagged/guarded run 1");
        long purgesBefore = nodes.filter(0).stats().purges();
        for (String[] auth : new String[][] {{}, {"Authorization", "Bearer wrong-token"},
                {"Authorization", "Basic " + TOKEN}, {"Authorization", "Bearer"},
                {"Authorization", "Bearer " + TOKEN + "x"}}) {
            HttpResponse<byte[]> purge = purgeMethod(0, "/api/tagged/guarded?sk=g", auth);
            assertEquals(401, purge.statusCode(), text(purge));
            assertTrue(header(purge, "WWW-Authenticate").startsWith("Bearer"));
            assertEquals(401, post(1, "{\"tags\":[\"g\"]}", auth).statusCode());
            assertEquals(401, post(1, "{\"all\":true}", auth).statusCode());
            assertEquals(401, Http.get(nodes.uri(2, "/_strata/stats"), auth).statusCode());
            assertEquals(401, Http.get(nodes.uri(2, "/_strata/anything"), auth).statusCode());
        }
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = nodes.get(i, "/api/tagged/guarded?sk=g");
            assertEquals("HIT", header(r, "X-Cache"), "nothing was purged");
            assertEquals("/tagged/guarded run 1", text(r));
        }
        assertEquals(purgesBefore, nodes.filter(0).stats().purges());
        assertEquals(1, nodes.origin.runs("/tagged/guarded"));
    }

    @Test
    void thePurgeMethodPurgesThatUrlOnEveryNode() {
        ClusterPurgeTest.warm(nodes, "/api/tagged/by-method?x=1", "/tagged/by-method run 1");
        HttpResponse<byte[]> r = purgeMethod(1, "/api/tagged/by-method?x=1", BEARER);
        assertEquals(200, r.statusCode(), text(r));
        assertEquals("no-store", header(r, "Cache-Control"));
        String json = text(r);
        assertTrue(json.contains("\"purged\":\"url\"") && json.contains("\"count\":1")
                && json.contains("\"mode\":\"hard\"") && json.contains("\"acknowledged\":3")
                && json.contains("\"members\":3") && json.contains("\"complete\":true"), json);
        ClusterPurgeTest.noNodeServes(nodes, "/api/tagged/by-method?x=1", "/tagged/by-method run 1");
    }

    @Test
    void postPurgesTagsAndEverything() {
        ClusterPurgeTest.warm(nodes, "/api/tagged/post?sk=post-tag", "/tagged/post run 1");
        HttpResponse<byte[]> tags = post(2, "{\"tags\":[\"post-tag\",\"another\"]}", BEARER);
        assertEquals(200, tags.statusCode(), text(tags));
        assertTrue(text(tags).contains("\"purged\":\"tags\",\"tags\":[\"post-tag\",\"another\"],\"count\":2"),
                text(tags));
        ClusterPurgeTest.noNodeServes(nodes, "/api/tagged/post?sk=post-tag", "/tagged/post run 1");

        ClusterPurgeTest.warm(nodes, "/api/tagged/everything", "/tagged/everything run 1");
        HttpResponse<byte[]> all = post(0, "{\"all\":true}", BEARER);
        assertEquals(200, all.statusCode(), text(all));
        assertTrue(text(all).contains("\"purged\":\"all\"") && text(all).contains("\"namespaceVersion\":"), text(all));
        ClusterPurgeTest.noNodeServes(nodes, "/api/tagged/everything", "/tagged/everything run 1");

        HttpResponse<byte[]> soft = post(0, "{\"all\":true,\"soft\":true}", BEARER);
        assertEquals(200, soft.statusCode(), text(soft));
        assertTrue(text(soft).contains("\"mode\":\"soft\"") && text(soft).contains("\"sequence\":"), text(soft));
    }

    @Test
    void malformedPurgesAre400() {
        for (String bad : new String[] {"", "{", "[]", "{\"tags\":[]}", "{\"tags\":\"a\"}", "{\"tags\":[\"\"]}",
                "{\"tags\":[\"a b\"]}", "{\"all\":false}", "{\"all\":true,\"tags\":[\"a\"]}", "{\"everything\":true}",
                "{\"all\":true,\"soft\":\"yes\"}", "{\"all\":true} x", "{\"all\":true,\"all\":true}",
                "{\"urls\":[\"not a url\"]}"}) {
            HttpResponse<byte[]> r = post(0, bad, BEARER);
            assertEquals(400, r.statusCode(), bad + " -> " + text(r));
            assertTrue(text(r).contains("\"error\""), text(r));
        }
        assertEquals(405, Http.get(nodes.uri(0, "/_strata/purge"), BEARER).statusCode());
        assertEquals(404, Http.get(nodes.uri(0, "/_strata/nothing"), BEARER).statusCode());
    }

    @Test
    void statsGiveEveryNodeAndTheirSum() {
        for (int i = 0; i < 3; i++) {
            nodes.get(i, "/api/tagged/stats-" + i);
        }
        HttpResponse<byte[]> r = Http.get(nodes.uri(1, "/_strata/stats"), BEARER);
        assertEquals(200, r.statusCode(), text(r));
        assertEquals("application/json", header(r, "Content-Type").split(";")[0]);
        String json = text(r);
        assertTrue(json.startsWith("{\"nodes\":[{\"node\":\"127.0.0.1:"), json);
        assertEquals(3, json.split("\"node\":").length - 1, json);
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += nodes.filter(i).stats().requests();
        }
        // the cluster's requests are the sum of the nodes' (the stats request itself is not counted)
        assertTrue(json.contains("\"cluster\":{\"nodes\":3,\"requests\":" + sum + ","), json);
        assertTrue(json.contains("\"tier2Circuit\":{\"CLOSED\":3}"), json);
        assertTrue(json.contains("\"tier1HitRatio\":"), json);
    }

    @Test
    void thePurgeMethodPassesThroughWhenTheEndpointIsOff() throws Exception {
        try (ClusterNodes plain = ClusterNodes.start(container(), 1, Clock.systemUTC())) {
            HttpResponse<byte[]> r = Http.send("PURGE", plain.uri(0, "/api/tagged/off"), "Host", ClusterNodes.SITE,
                    "Authorization", "Bearer " + TOKEN);
            assertNotEquals(401, r.statusCode());
            assertEquals("BYPASS", header(r, "X-Cache"));
            assertEquals(404, Http.get(plain.uri(0, "/_strata/stats"), "Authorization", "Bearer " + TOKEN).statusCode());
        }
    }
}
