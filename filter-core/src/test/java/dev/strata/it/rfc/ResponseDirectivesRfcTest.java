package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 9111 §5.2.2 response directives, RFC 9213 targeted fields, through the proxy. */
class ResponseDirectivesRfcTest extends ProxyHarness {

    private void assertNotReused(String path, Reply reply) {
        upstream.on(path, r -> reply);
        get(path);
        get(path);
        assertEquals(2, upstream.count(path), path);
    }

    @Test
    void rfc9111_5_2_2_5_noStoreMustNotBeStoredEvenWithMaxAgeAndExpires() throws Exception {
        start();
        assertNotReused("/ns", Reply.ok("x").header("Cache-Control", "max-age=10000, no-store")
                .header("Expires", date(clock, 10000)));
        assertNotReused("/ns-case", Reply.ok("x").header("Cache-Control", "max-age=10000, No-StOrE"));
        assertEquals(0, filter.stats().stores());
    }

    @Test
    void rfc9111_5_2_2_5_aNoStoreResponseLeavesTheOlderStoredOneInPlace() throws Exception {
        start();
        int[] run = {0};
        upstream.on("/old", r -> ++run[0] == 1 ? Reply.ok("one").header("Cache-Control", "max-age=10000")
                : Reply.ok("two").header("Cache-Control", "no-store"));
        get("/old");
        awaitStores(1);
        assertEquals("two", text(get("/old", "Cache-Control", "no-cache")));
        advance(Duration.ofSeconds(2));
        HttpResponse<byte[]> again = get("/old");
        assertStored(again);
        assertEquals("one", text(again));
    }

    @Test
    void rfc9111_5_2_2_4_noCacheMustNotBeUsedWithoutValidation() throws Exception {
        start();
        upstream.on("/nc", r -> "\"v1\"".equals(r.header("If-None-Match")) ? Reply.status(304).header("ETag", "\"v1\"")
                : Reply.ok("body").header("Cache-Control", "max-age=10000, no-cache").header("ETag", "\"v1\""));
        get("/nc");
        awaitStores(1);
        HttpResponse<byte[]> second = get("/nc");
        assertEquals(200, second.statusCode());
        assertEquals("body", text(second));
        assertEquals(2, upstream.count("/nc"), "validated with the origin");
        assertEquals("\"v1\"", upstream.last("/nc").header("If-None-Match"));
        assertEquals("Strata; fwd=request; fwd-status=304; ttl=10000; stored", header(second, "Cache-Status"));
    }

    @Test
    void rfc9111_5_2_2_4_noCacheWithoutAValidatorIsNeverReused() throws Exception {
        start();
        assertNotReused("/ncv", Reply.ok("x").header("Cache-Control", "max-age=10000, No-CaChE"));
    }

    @Test
    void rfc9111_5_2_2_4_noCacheWithFieldNamesStoresTheResponseWithoutThem() throws Exception {
        start();
        upstream.on("/ncf", r -> Reply.ok("x").header("Cache-Control", "no-cache=\"a, B\"")
                .header("Cache-Control", "max-age=3600").header("a", "1").header("b", "2").header("c", "3"));
        HttpResponse<byte[]> first = get("/ncf");
        assertEquals("1", header(first, "a"), "the origin's response reaches its client whole");
        awaitStores(1);
        HttpResponse<byte[]> hit = get("/ncf");
        assertStored(hit);
        assertNull(header(hit, "a"));
        assertNull(header(hit, "b"));
        assertEquals("3", header(hit, "c"));
    }

    @Test
    void rfc9111_5_2_2_7_sharedCacheMustNotStorePrivate() throws Exception {
        start();
        assertNotReused("/p", Reply.ok("x").header("Cache-Control", "private, max-age=3600"));
    }

    @Test
    void rfc9111_5_2_2_7_privateWithFieldNamesIsStoredWithoutThem() throws Exception {
        start();
        upstream.on("/pf", r -> Reply.ok("x").header("Cache-Control", "max-age=3600, private=\"X-User\"")
                .header("X-User", "alice").header("X-Shared", "yes"));
        get("/pf");
        awaitStores(1);
        HttpResponse<byte[]> hit = get("/pf");
        assertStored(hit);
        assertNull(header(hit, "X-User"));
        assertEquals("yes", header(hit, "X-Shared"));
    }

    @Test
    void setCookieIsNeverShared() throws Exception {
        start();
        assertNotReused("/ck", Reply.ok("x").header("Cache-Control", "max-age=3600").header("Set-Cookie", "a=b"));
        assertNotReused("/ckp", Reply.ok("x").header("Cache-Control", "max-age=3600, private=\"Set-Cookie\"")
                .header("Set-Cookie", "a=b"));
        assertNotReused("/ckn", Reply.ok("x").header("Cache-Control", "max-age=3600, no-cache=\"Set-Cookie\"")
                .header("Set-Cookie", "a=b"));
        assertEquals(0, filter.stats().stores());
    }

    @Test
    void rfc9111_5_2_2_2_mustRevalidateStaleResponseIsValidatedNotServedStale() throws Exception {
        start();
        upstream.on("/mr", r -> r.header("If-None-Match") != null ? Reply.status(304).header("ETag", "\"m\"")
                .header("Cache-Control", "max-age=2, must-revalidate")
                : Reply.ok("m").header("Cache-Control", "max-age=2, must-revalidate").header("ETag", "\"m\""));
        get("/mr");
        awaitStores(1);
        assertStored(get("/mr"));
        advance(Duration.ofSeconds(3));
        HttpResponse<byte[]> stale = get("/mr", "Cache-Control", "max-stale=1000");
        assertEquals(200, stale.statusCode());
        assertEquals("m", text(stale));
        assertEquals(2, upstream.count("/mr"), "max-stale does not override must-revalidate");
        assertEquals("\"m\"", upstream.last("/mr").header("If-None-Match"));
    }

    @Test
    void rfc9111_5_2_2_8_proxyRevalidateAndSMaxAgeAreNotServedStaleEither() throws Exception {
        start();
        upstream.on("/pr", r -> Reply.ok("p").header("Cache-Control", "max-age=2, proxy-revalidate"));
        upstream.on("/sm", r -> Reply.ok("s").header("Cache-Control", "s-maxage=2"));
        upstream.on("/plain", r -> Reply.ok("q").header("Cache-Control", "max-age=2"));
        get("/pr");
        get("/sm");
        get("/plain");
        awaitStores(3);
        advance(Duration.ofSeconds(3));
        get("/pr", "Cache-Control", "max-stale");
        get("/sm", "Cache-Control", "max-stale=100");
        HttpResponse<byte[]> allowed = get("/plain", "Cache-Control", "max-stale=100");
        assertEquals(2, upstream.count("/pr"));
        assertEquals(2, upstream.count("/sm"));
        assertEquals(1, upstream.count("/plain"), "max-stale serves an ordinary stale response");
        assertTrue(header(allowed, "Cache-Status").startsWith("Strata; hit; ttl=-1"), header(allowed, "Cache-Status"));
    }

    @Test
    void rfc8246_freshImmutableResponseIsServedEvenToAReload() throws Exception {
        start();
        upstream.on("/imm", r -> Reply.ok("i").header("Cache-Control", "max-age=10000, immutable").header("ETag", "\"i\""));
        get("/imm");
        awaitStores(1);
        assertStored(get("/imm", "Cache-Control", "no-cache"));
        assertEquals(1, upstream.count("/imm"));
    }

    @Test
    void rfc9111_5_2_3_unknownDirectivesAreIgnored() throws Exception {
        start();
        upstream.on("/ext", r -> Reply.ok("e").header("Cache-Control", "foobar, max-age=3600, x-thing=\"a,b\""));
        get("/ext");
        awaitStores(1);
        assertStored(get("/ext"));
    }

    @Test
    void rfc9111_3_5_responsesToAuthorizedRequestsAreNotShared() throws Exception {
        start();
        upstream.on("/auth", r -> Reply.ok("secret").header("Expires", date(clock, 3600)));
        get("/auth", "Authorization", "FOO");
        assertEquals("FOO", upstream.last("/auth").header("Authorization"));
        get("/auth");
        assertEquals(2, upstream.count("/auth"));
    }

    @Test
    void rfc9213_2_1_cdnCacheControlTakesPrecedenceOverCacheControl() throws Exception {
        start();
        upstream.on("/long", r -> Reply.ok("l").header("Cache-Control", "max-age=1").header("CDN-Cache-Control",
                "max-age=3600"));
        upstream.on("/short", r -> Reply.ok("s").header("Cache-Control", "max-age=3600").header("CDN-Cache-Control",
                "max-age=1"));
        upstream.on("/ns", r -> Reply.ok("n").header("Cache-Control", "max-age=10000").header("CDN-Cache-Control",
                "no-store"));
        upstream.on("/fresh", r -> Reply.ok("f").header("Cache-Control", "no-store").header("CDN-Cache-Control",
                "max-age=10000"));
        for (String p : new String[] {"/long", "/short", "/ns", "/fresh"}) {
            get(p);
        }
        awaitStores(3);
        advance(Duration.ofSeconds(2));
        for (String p : new String[] {"/long", "/short", "/ns", "/fresh"}) {
            get(p);
        }
        assertEquals(1, upstream.count("/long"));
        assertEquals(2, upstream.count("/short"));
        assertEquals(2, upstream.count("/ns"));
        assertEquals(1, upstream.count("/fresh"));
    }

    @Test
    void rfc9213_2_1_anInvalidTargetedFieldIsIgnored() throws Exception {
        start();
        assertNotReused("/bad1", Reply.ok("x").header("CDN-Cache-Control", "max-age=10000, &&&&&")
                .header("Cache-Control", "no-store"));
        assertNotReused("/bad2", Reply.ok("x").header("CDN-Cache-Control", "max-age=\"10000\"")
                .header("Cache-Control", "no-store"));
        assertNotReused("/bad3", Reply.ok("x").header("CDN-Cache-Control", "max-age =100")
                .header("Cache-Control", "max-age=0"));
    }

    @Test
    void rfc9213_3_cdnCacheControlIsObeyedAndRemovedBeforeTheResponseLeaves() throws Exception {
        start();
        upstream.on("/fw", r -> Reply.ok("x").header("Cache-Control", "no-store")
                .header("CDN-Cache-Control", "max-age=60"));
        HttpResponse<byte[]> miss = get("/fw");
        assertNull(header(miss, "CDN-Cache-Control"));
        assertEquals("no-store", header(miss, "Cache-Control"), "the client still gets the origin's Cache-Control");
        awaitStores(1);
        HttpResponse<byte[]> hit = get("/fw");
        assertStored(hit);
        assertNull(header(hit, "CDN-Cache-Control"));
    }

    @Test
    void strataCacheControlOverridesEverythingAndNeverLeaves() throws Exception {
        start();
        upstream.on("/own", r -> Reply.ok("o").header("Cache-Control", "no-store").header("CDN-Cache-Control",
                "no-store").header("Strata-Cache-Control", "max-age=600"));
        HttpResponse<byte[]> miss = get("/own");
        assertNull(header(miss, "Strata-Cache-Control"));
        assertEquals("no-store", header(miss, "Cache-Control"), "the client still gets the origin's Cache-Control");
        awaitStores(1);
        HttpResponse<byte[]> hit = get("/own");
        assertStored(hit);
        assertNull(header(hit, "Strata-Cache-Control"));
        assertEquals(1, upstream.count("/own"));
    }

    @Test
    void surrogateControlIsObeyedAndRemoved() throws Exception {
        start();
        assertNotReused("/sc", Reply.ok("x").header("Cache-Control", "max-age=10000").header("Surrogate-Control",
                "no-store"));
        upstream.on("/sc2", r -> Reply.ok("x").header("Cache-Control", "max-age=1").header("Surrogate-Control",
                "max-age=3600"));
        assertNull(header(get("/sc2"), "Surrogate-Control"));
        awaitStores(1);
        advance(Duration.ofSeconds(5));
        assertStored(get("/sc2"));
    }
}
