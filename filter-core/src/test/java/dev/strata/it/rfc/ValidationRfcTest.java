package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.entry.CachedResponse;
import dev.strata.testing.Await;
import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9111 §4.3 validation and §3.2 / §4.3.4 freshening, RFC 9110 §13 conditionals, through the proxy. */
class ValidationRfcTest extends ProxyHarness {

    @Test
    void rfc9111_4_3_1_staleResponseWithETagIsValidatedWithIfNoneMatch() throws Exception {
        start();
        upstream.on("/e", r -> r.header("If-None-Match") != null ? Reply.status(304).header("ETag", "\"v1\"")
                .header("Cache-Control", "max-age=100")
                : Reply.ok("etag body").header("Cache-Control", "max-age=2").header("ETag", "\"v1\""));
        get("/e");
        awaitStores(1);
        advance(Duration.ofSeconds(3));
        HttpResponse<byte[]> validated = get("/e");
        assertEquals(200, validated.statusCode());
        assertEquals("etag body", text(validated));
        assertEquals("\"v1\"", upstream.last("/e").header("If-None-Match"));
        assertNull(upstream.last("/e").header("If-Modified-Since"));
        assertEquals("Strata; fwd=stale; fwd-status=304; ttl=100; stored", header(validated, "Cache-Status"));
        assertEquals("0", header(validated, "Age"));
        awaitStores(2);
        advance(Duration.ofSeconds(50));
        HttpResponse<byte[]> hit = get("/e");
        assertStored(hit);
        assertEquals("etag body", text(hit));
        assertEquals(2, upstream.count("/e"), "the 304 made it fresh for its new max-age");
    }

    @Test
    void rfc9111_4_3_1_staleResponseWithLastModifiedIsValidatedWithIfModifiedSince() throws Exception {
        start();
        String lastModified = date(clock, -24 * 3600);
        upstream.on("/lm", r -> lastModified.equals(r.header("If-Modified-Since")) ? Reply.status(304)
                .header("Cache-Control", "max-age=100") : Reply.ok("lm body").header("Cache-Control", "max-age=1")
                .header("Last-Modified", lastModified));
        get("/lm");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        HttpResponse<byte[]> validated = get("/lm");
        assertEquals("lm body", text(validated));
        assertEquals(lastModified, upstream.last("/lm").header("If-Modified-Since"));
        assertEquals(lastModified, header(validated, "Last-Modified"));
    }

    @Test
    void rfc9111_3_2_a304UpdatesTheStoredFieldsInBothTiersExceptContentLength() throws Exception {
        start();
        upstream.on("/u", r -> r.header("If-None-Match") != null ? Reply.status(304).header("ETag", "\"u\"")
                .header("Cache-Control", "max-age=3600").header("Test-Header", "B").header("Content-Type",
                        "text/plain;charset=utf-8").header("Content-Length", "999")
                : Reply.ok("12345").header("Cache-Control", "max-age=1").header("ETag", "\"u\"")
                .header("Test-Header", "A").header("Content-Type", "text/plain").header("Kept", "k"));
        get("/u");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        HttpResponse<byte[]> validated = get("/u");
        assertEquals("B", header(validated, "Test-Header"));
        assertEquals("k", header(validated, "Kept"), "fields the 304 omits are kept");
        assertEquals("text/plain;charset=utf-8", header(validated, "Content-Type"));
        assertEquals("5", header(validated, "Content-Length"));
        assertEquals("12345", text(validated));
        awaitStores(2);
        Await.until("tier 2 refreshed", () -> {
            List<CachedResponse> stored = tier2Responses();
            return stored.size() == 1 && "B".equals(stored.get(0).headers().first("Test-Header"))
                    && stored.get(0).expiresAt() > clock.millis() + 3_000_000;
        });
        CachedResponse inTier2 = tier2Responses().get(0);
        assertEquals("max-age=3600", inTier2.headers().first("Cache-Control"));
        assertArrayEquals("12345".getBytes(), inTier2.body());
        HttpResponse<byte[]> hit = get("/u");
        assertStored(hit);
        assertEquals("B", header(hit, "Test-Header"));
    }

    @Test
    void rfc9111_4_3_4_a304NamingAnotherStrongETagUpdatesNothing() throws Exception {
        start();
        upstream.on("/other", r -> r.header("If-None-Match") != null ? Reply.status(304).header("ETag", "\"b\"")
                .header("Cache-Control", "max-age=3600").header("Test-Header", "B")
                : Reply.ok("body a").header("Cache-Control", "max-age=1").header("ETag", "\"a\"")
                .header("Test-Header", "A"));
        get("/other");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        HttpResponse<byte[]> validated = get("/other");
        assertEquals("\"a\"", upstream.last("/other").header("If-None-Match"));
        assertEquals(200, validated.statusCode());
        assertEquals("body a", text(validated));
        assertEquals("A", header(validated, "Test-Header"), "the 304's fields are not the stored response's");
        assertEquals("\"a\"", header(validated, "ETag"));
        Await.until("the entry the origin no longer vouches for is dropped", () -> tier2Responses().isEmpty());
        get("/other");
        assertEquals(3, upstream.count("/other"), "nothing was freshened: the next request goes upstream");
    }

    @Test
    void rfc9111_4_3_4_a304WithTheWeakFormOfTheStoredETagFreshensIt() throws Exception {
        start();
        upstream.on("/weak", r -> r.header("If-None-Match") != null ? Reply.status(304).header("ETag", "W/\"w\"")
                .header("Cache-Control", "max-age=3600").header("Test-Header", "B")
                : Reply.ok("weak body").header("Cache-Control", "max-age=1").header("ETag", "W/\"w\"")
                .header("Test-Header", "A"));
        get("/weak");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        assertEquals("B", header(get("/weak"), "Test-Header"));
        awaitStores(2);
        HttpResponse<byte[]> hit = get("/weak");
        assertStored(hit);
        assertEquals("B", header(hit, "Test-Header"));
        assertEquals(2, upstream.count("/weak"));
    }

    @Test
    void concurrentValidationsOfOneStaleResponseSendOneConditionalRequest() throws Exception {
        start();
        upstream.on("/cv", r -> {
            if (r.header("If-None-Match") == null) {
                return Reply.ok("validated body").header("Cache-Control", "max-age=1").header("ETag", "\"cv\"");
            }
            try {
                Thread.sleep(300); // the validation is still on its way while the others arrive
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.status(304).header("ETag", "\"cv\"").header("Cache-Control", "max-age=100");
        });
        get("/cv");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<HttpResponse<byte[]>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return get("/cv");
                }));
            }
            go.countDown();
            int collapsed = 0;
            for (java.util.concurrent.Future<HttpResponse<byte[]>> answer : answers) {
                HttpResponse<byte[]> r = answer.get();
                assertEquals(200, r.statusCode());
                assertEquals("validated body", text(r));
                collapsed += header(r, "Cache-Status").endsWith("; collapsed") ? 1 : 0;
            }
            // RFC 9211: those handed the one validation's answer say so
            assertTrue(collapsed >= 1, "no response says collapsed");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, upstream.count("/cv"), "one full fetch, then one conditional request for all ten");
    }

    @Test
    void rfc9111_4_3_3_aFullResponseToTheValidationReplacesTheStoredOne() throws Exception {
        start();
        int[] run = {0};
        upstream.on("/r", r -> Reply.ok("version " + ++run[0]).header("Cache-Control", "max-age=1")
                .header("ETag", "\"v" + run[0] + "\""));
        get("/r");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        HttpResponse<byte[]> replaced = get("/r");
        assertEquals("version 2", text(replaced));
        assertEquals("\"v1\"", upstream.last("/r").header("If-None-Match"));
        assertTrue(header(replaced, "Cache-Status").matches("Strata; fwd=stale; fwd-status=200; ttl=\\d+; stored"), header(replaced, "Cache-Status"));
        awaitStores(2);
        HttpResponse<byte[]> after = get("/r");
        assertEquals("version 2", text(after));
    }

    @Test
    void rfc9110_13_1_2_clientGets304WhenItsValidatorMatchesAfterValidation() throws Exception {
        start();
        String lastModified = date(clock, -3000);
        upstream.on("/c", r -> r.header("If-Modified-Since") != null ? Reply.status(304)
                .header("Cache-Control", "max-age=2") : Reply.ok("c").header("Cache-Control", "max-age=2")
                .header("Last-Modified", lastModified));
        get("/c");
        awaitStores(1);
        advance(Duration.ofSeconds(3));
        HttpResponse<byte[]> notModified = get("/c", "If-Modified-Since", lastModified);
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
        assertEquals(2, upstream.count("/c"));
    }

    @Test
    void rfc9110_13_1_2_weakComparisonForIfNoneMatchOnAFreshHit() throws Exception {
        start();
        upstream.on("/w", r -> Reply.ok("w").header("Cache-Control", "max-age=100").header("ETag", "W/\"abc\""));
        get("/w");
        awaitStores(1);
        for (String inm : new String[] {"W/\"abc\"", "\"abc\"", "\"x\", W/\"abc\"", "*"}) {
            HttpResponse<byte[]> r = get("/w", "If-None-Match", inm);
            assertEquals(304, r.statusCode(), inm);
            assertEquals("W/\"abc\"", header(r, "ETag"));
            assertTrue(header(r, "Age") != null);
        }
        assertEquals(200, get("/w", "If-None-Match", "\"abd\"").statusCode());
        assertEquals(1, upstream.count("/w"));
    }

    @Test
    void rfc9110_13_2_2_ifNoneMatchTakesPrecedenceOverIfModifiedSince() throws Exception {
        start();
        upstream.on("/p", r -> Reply.ok("p").header("Cache-Control", "max-age=100").header("ETag", "\"abc\"")
                .header("Last-Modified", date(clock, -5000)));
        get("/p");
        awaitStores(1);
        assertEquals(304, get("/p", "If-None-Match", "\"abc\"", "If-Modified-Since", date(clock, -6000)).statusCode());
        assertEquals(200, get("/p", "If-None-Match", "\"other\"", "If-Modified-Since", date(clock, 0)).statusCode());
    }

    @Test
    void rfc9111_4_3_2_ifModifiedSinceUsesTheDateWhenThereIsNoLastModified() throws Exception {
        start();
        upstream.on("/d", r -> Reply.ok("d").header("Cache-Control", "max-age=10000"));
        get("/d");
        awaitStores(1);
        assertEquals(304, get("/d", "If-Modified-Since", date(clock, 0)).statusCode());
        assertEquals(200, get("/d", "If-Modified-Since", date(clock, -3000)).statusCode());
    }

    @Test
    void rfc9111_4_3_1_theConditionalRequestCarriesTheClientsVaryingFields() throws Exception {
        start();
        upstream.on("/v", r -> r.header("If-None-Match") != null ? Reply.status(304).header("ETag", "\"v\"")
                : Reply.ok("v").header("Cache-Control", "max-age=1").header("ETag", "\"v\"").header("Vary", "Abc"));
        get("/v", "Abc", "123");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        assertEquals("v", text(get("/v", "Abc", "123")));
        assertEquals("123", upstream.last("/v").header("Abc"));
        assertEquals("\"v\"", upstream.last("/v").header("If-None-Match"));
        get("/v", "Abc", "456");
        assertNull(upstream.last("/v").header("If-None-Match"), "another variant is not validated with this one's tag");
    }

    @Test
    void rfc9111_4_3_1_unquotedETagIsSentBackQuoted() throws Exception {
        start();
        upstream.on("/uq", r -> r.header("If-None-Match") != null ? Reply.status(304)
                : Reply.ok("u").header("Cache-Control", "max-age=1").header("ETag", "abcdef"));
        get("/uq");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        get("/uq");
        assertEquals("\"abcdef\"", upstream.last("/uq").header("If-None-Match"));
    }

    @Test
    void staleResponsesAreKeptForTheStaleRetentionOnly() throws Exception {
        start("staleRetention", "1m");
        upstream.on("/win", r -> r.header("If-None-Match") != null ? Reply.status(304).header("ETag", "\"w\"")
                : Reply.ok("w").header("Cache-Control", "max-age=1").header("ETag", "\"w\""));
        get("/win");
        awaitStores(1);
        advance(Duration.ofSeconds(30));
        get("/win");
        assertEquals("\"w\"", upstream.last("/win").header("If-None-Match"));
        awaitStores(2);
        advance(Duration.ofMinutes(3));
        get("/win");
        assertNull(upstream.last("/win").header("If-None-Match"), "past the window the entry is gone");
    }
}
