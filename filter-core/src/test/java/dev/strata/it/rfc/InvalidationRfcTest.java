package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Await;
import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** RFC 9111 §4.4: invalidation after unsafe methods, through the proxy. */
class InvalidationRfcTest extends ProxyHarness {

    private void fresh(String path) {
        upstream.on(path, r -> r.method().equals("GET") || r.method().equals("HEAD")
                ? Reply.ok("fresh " + path).header("Cache-Control", "max-age=100000")
                : Reply.ok("done").header("Location", "/target").header("Content-Location", "/cl"));
    }

    private void storeAll(String... paths) {
        long before = filter.stats().stores();
        for (String p : paths) {
            get(p);
        }
        awaitStores(before + paths.length);
        for (String p : paths) {
            assertStored(get(p));
        }
    }

    @Test
    void rfc9111_4_4_mustInvalidateTheTargetUriAfterASuccessfulUnsafeRequest() throws Exception {
        start();
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "M-SEARCH"}) {
            String path = "/t-" + method;
            fresh(path);
            storeAll(path);
            HttpResponse<byte[]> unsafe = send(method, path);
            assertEquals(200, unsafe.statusCode());
            assertEquals(method, upstream.last(path).method(), "forwarded with its method");
            assertEquals("Strata; fwd=method; fwd-status=200", header(unsafe, "Cache-Status"));
            HttpResponse<byte[]> after = get(path);
            assertEquals("MISS", header(after, "X-Cache"), method);
            assertEquals(3, upstream.count(path), method);
        }
    }

    @Test
    void rfc9111_4_4_anErrorResponseDoesNotInvalidate() throws Exception {
        start();
        upstream.on("/err", r -> r.method().equals("GET") ? Reply.ok("x").header("Cache-Control", "max-age=100000")
                : Reply.ok("no").statusCode(500));
        storeAll("/err");
        assertEquals(500, send("POST", "/err").statusCode());
        assertStored(get("/err"));
    }

    @Test
    void rfc9111_4_4_safeMethodsDoNotInvalidate() throws Exception {
        start();
        fresh("/safe");
        storeAll("/safe");
        send("OPTIONS", "/safe");
        assertStored(get("/safe"));
    }

    @Test
    void rfc9111_4_4_sameOriginLocationAndContentLocationAreInvalidatedToo() throws Exception {
        start();
        fresh("/target");
        fresh("/cl");
        fresh("/post");
        storeAll("/target", "/cl");
        send("POST", "/post");
        assertEquals("MISS", header(get("/target"), "X-Cache"));
        assertEquals("MISS", header(get("/cl"), "X-Cache"));
    }

    @Test
    void rfc9111_4_4_mustNotInvalidateAnotherOriginsUri() throws Exception {
        start();
        fresh("/kept");
        upstream.on("/post-abs", r -> Reply.ok("done").header("Location", "http://elsewhere.example/kept")
                .header("Content-Location", "http://127.0.0.1:1/kept"));
        storeAll("/kept");
        send("POST", "/post-abs");
        assertStored(get("/kept"));
    }

    @Test
    void rfc9111_4_4_allVariantsOfTheUriAreInvalidated() throws Exception {
        start();
        upstream.on("/var", r -> r.method().equals("GET") ? Reply.ok("v" + r.header("Foo"))
                .header("Cache-Control", "max-age=100000").header("Vary", "Foo") : Reply.status(204));
        get("/var", "Foo", "1");
        awaitStores(1);
        get("/var", "Foo", "2");
        awaitStores(2);
        assertEquals(204, send("DELETE", "/var").statusCode());
        assertEquals("MISS", header(get("/var", "Foo", "1"), "X-Cache"));
        assertEquals("MISS", header(get("/var", "Foo", "2"), "X-Cache"));
    }

    @Test
    void rfc9111_4_4_invalidationRemovesTheEntryFromTier2() throws Exception {
        start();
        fresh("/gone");
        storeAll("/gone");
        Await.until("stored in tier 2", () -> tier2Responses().size() == 1);
        send("PUT", "/gone");
        Await.until("removed from tier 2", () -> tier2Responses().isEmpty());
        assertTrue(header(get("/gone"), "Cache-Status").startsWith("Strata; fwd=uri-miss"));
    }
}
