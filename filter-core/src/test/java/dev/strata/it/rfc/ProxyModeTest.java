package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.WireHttp;
import dev.strata.testing.TestOrigin;
import dev.strata.testing.Upstream;
import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strata as a standalone caching proxy (Jetty's proxy servlet answers asynchronously): what is
 * forwarded, what comes back, what is stored, and RFC 9211 Cache-Status.
 */
class ProxyModeTest extends ProxyHarness {

    @Test
    void asynchronousProxiedResponsesAreStoredOnceCompleteAndStreamWhole() throws Exception {
        start();
        byte[] big = TestOrigin.bigBody(300_000);
        upstream.on("/big", r -> {
            Reply reply = Reply.ok("").header("Cache-Control", "max-age=60").withoutLength();
            return reply.body(new String(big, StandardCharsets.ISO_8859_1));
        });
        HttpResponse<byte[]> first = get("/big");
        awaitStores(1);
        HttpResponse<byte[]> hit = get("/big");
        assertStored(hit);
        assertArrayEquals(first.body(), hit.body());
        assertEquals(1, upstream.count("/big"));
    }

    @Test
    void rfc9111_3_3_aResponseCutShortByTheUpstreamIsNeverStored() throws Exception {
        start();
        upstream.on("/short", r -> Reply.ok("0123456789".repeat(100)).header("Cache-Control", "max-age=60")
                .truncatedTo(10));
        upstream.on("/chunks", r -> Reply.ok("0123456789".repeat(2000)).header("Cache-Control", "max-age=60")
                .withoutLength().truncatedTo(10_000));
        for (String p : new String[] {"/short", "/chunks"}) {
            try {
                WireHttp.send("GET", proxy.uri(p), null);
            } catch (RuntimeException expected) {
                // the client may see the connection drop
            }
        }
        upstream.on("/short", r -> Reply.ok("whole").header("Cache-Control", "max-age=60"));
        upstream.on("/chunks", r -> Reply.ok("whole").header("Cache-Control", "max-age=60"));
        assertEquals("whole", text(get("/short")));
        assertEquals("whole", text(get("/chunks")));
        assertEquals(2, upstream.count("/short"));
        assertEquals(2, upstream.count("/chunks"));
    }

    @Test
    void everyMethodPathAndQueryIsForwardedUnchanged() throws Exception {
        start();
        upstream.on("/any/p%20q", r -> Reply.ok(r.method() + " " + r.uri() + " "
                + new String(r.body(), StandardCharsets.UTF_8)));
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "M-SEARCH", "PURGE",
            "PROPFIND"}) {
            WireHttp.Response r = WireHttp.send(method, proxy.uri("/any/p%20q?a=1&b=%2F"),
                    method.equals("GET") ? null : "payload".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, r.status(), method);
            assertEquals(method + " /any/p%20q?a=1&b=%2F" + (method.equals("GET") ? " " : " payload"), r.text());
        }
    }

    @Test
    void rfc9110_7_6_1_hopByHopRequestFieldsAndThoseNamedInConnectionAreNotForwarded() throws Exception {
        start();
        upstream.on("/hop", r -> Reply.ok("h"));
        WireHttp.send("GET", proxy.uri("/hop"), null, "Connection: X-Req-Hop", "X-Req-Hop: 1", "Keep-Alive: 5",
                "TE: trailers", "X-End-To-End: yes");
        Upstream.Received received = upstream.last("/hop");
        assertNull(received.header("X-Req-Hop"));
        assertNull(received.header("Keep-Alive"));
        assertNull(received.header("TE"));
        assertEquals("yes", received.header("X-End-To-End"));
    }

    @Test
    void rfc9111_3_1_hopByHopResponseFieldsAreNeitherForwardedNorStored() throws Exception {
        start();
        upstream.on("/hr", r -> Reply.ok("h").header("Cache-Control", "max-age=60").header("Connection", "X-Hop")
                .header("X-Hop", "h").header("X-Kept", "k"));
        WireHttp.Response miss = WireHttp.send("GET", proxy.uri("/hr"), null);
        assertTrue(miss.all("X-Hop").isEmpty());
        assertEquals("k", miss.first("X-Kept"));
        awaitStores(1);
        WireHttp.Response hit = WireHttp.send("GET", proxy.uri("/hr"), null);
        assertEquals("HIT", hit.first("X-Cache"));
        assertTrue(hit.all("X-Hop").isEmpty());
        assertEquals("k", hit.first("X-Kept"));
    }

    @Test
    void responseFieldsComeBackVerbatimRepeatedLinesIncluded() throws Exception {
        start();
        upstream.on("/verb", r -> Reply.ok("v").header("Cache-Control", "max-age=60")
                .header("Link", "</a.css>; rel=\"preload\"").header("Link", "</b.js>; rel=\"preload\"")
                .header("X-Quoted", "a=\"1, 2\"").header("ETag", "\"t\"").header("Server", "origin/1"));
        for (WireHttp.Response r : List.of(WireHttp.send("GET", proxy.uri("/verb"), null), hitAfterStore("/verb"))) {
            assertEquals(List.of("</a.css>; rel=\"preload\"", "</b.js>; rel=\"preload\""), r.all("Link"));
            assertEquals(List.of("a=\"1, 2\""), r.all("X-Quoted"));
            assertEquals(List.of("origin/1"), r.all("Server"), "the origin's Server, once");
            assertEquals(1, r.all("Date").size(), "one Date");
        }
    }

    private WireHttp.Response hitAfterStore(String path) {
        awaitStores(1);
        WireHttp.Response hit = WireHttp.send("GET", proxy.uri(path), null);
        assertEquals("HIT", hit.first("X-Cache"));
        return hit;
    }

    @Test
    void headIsAnsweredFromTheStoredGetAndNotStoredOnAMiss() throws Exception {
        start();
        upstream.on("/head", r -> Reply.ok("twelve bytes").header("Cache-Control", "max-age=60"));
        WireHttp.Response headMiss = WireHttp.send("HEAD", proxy.uri("/head"), null);
        assertEquals(200, headMiss.status());
        assertEquals("HEAD", upstream.last("/head").method());
        get("/head");
        awaitStores(1);
        WireHttp.Response head = WireHttp.send("HEAD", proxy.uri("/head"), null);
        assertEquals("HIT", head.first("X-Cache"));
        assertEquals("12", head.first("Content-Length"));
        assertEquals(0, head.body().length);
        assertEquals(2, upstream.count("/head"));
    }

    @Test
    void rfc9211_cacheStatusDescribesEveryOutcome() throws Exception {
        start("excludePaths", "/skip/*");
        upstream.on("/cs", r -> Reply.ok("c").header("Cache-Control", "max-age=60"));
        upstream.on("/skip/x", r -> Reply.ok("s").header("Cache-Control", "max-age=60"));
        upstream.on("/upstream-cache", r -> Reply.ok("u").header("Cache-Control", "max-age=60")
                .header("Cache-Status", "OriginCache; hit"));
        assertEquals("Strata; fwd=uri-miss; fwd-status=200; ttl=60; stored", header(get("/cs"), "Cache-Status"));
        awaitStores(1);
        assertEquals("Strata; hit; ttl=60", header(get("/cs"), "Cache-Status"));
        assertEquals("Strata; fwd=bypass; fwd-status=200", header(get("/skip/x"), "Cache-Status"));
        assertEquals("Strata; fwd=bypass; fwd-status=200", header(get("/cs", "Authorization", "x"), "Cache-Status"));
        assertEquals("Strata; fwd=method; fwd-status=200", header(send("POST", "/cs"), "Cache-Status"));
        assertEquals("OriginCache; hit, Strata; fwd=uri-miss; fwd-status=200; ttl=60; stored",
                header(get("/upstream-cache"), "Cache-Status"), "appended after the upstream cache's member");
    }

    @Test
    void rfc9211_keyIsShownOnlyWithDebugHeaders() throws Exception {
        start("debugHeaders", "true");
        upstream.on("/dk", r -> Reply.ok("d").header("Cache-Control", "max-age=60"));
        String miss = header(get("/dk?x=1"), "Cache-Status");
        assertTrue(miss.matches("Strata; fwd=uri-miss; fwd-status=200; ttl=60; stored; key=\"[0-9a-f]{16}\""), miss);
        awaitStores(1);
        String hit = header(get("/dk?x=1"), "Cache-Status");
        assertTrue(hit.matches("Strata; hit; ttl=60; key=\"[0-9a-f]{16}\""), hit);
        assertEquals(miss.substring(miss.indexOf("key=")), hit.substring(hit.indexOf("key=")), "one key, one digest");
    }

    @Test
    void keyIsNotShownByDefault() throws Exception {
        start();
        upstream.on("/nk", r -> Reply.ok("d").header("Cache-Control", "max-age=60"));
        assertFalse(header(get("/nk"), "Cache-Status").contains("key="));
    }
}
