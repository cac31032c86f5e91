package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 9111 §5.2.1 request directives and §5.4 Pragma, through the proxy. */
class RequestDirectivesRfcTest extends ProxyHarness {

    /** A path answering 200 with a validator, or 304 when the validator comes back. */
    private void validatable(String path, String cacheControl) {
        upstream.on(path, r -> "\"e\"".equals(r.header("If-None-Match")) ? Reply.status(304).header("ETag", "\"e\"")
                .header("Cache-Control", cacheControl)
                : Reply.ok("body").header("Cache-Control", cacheControl).header("ETag", "\"e\""));
    }

    private void plain(String path) {
        upstream.on(path, r -> Reply.ok("body" + r.uri()).header("Cache-Control", "max-age=3600"));
    }

    @Test
    void rfc9111_5_2_1_4_noCacheValidatesAStoredResponseThatHasAValidator() throws Exception {
        start();
        validatable("/v", "max-age=3600");
        get("/v");
        awaitStores(1);
        HttpResponse<byte[]> refreshed = get("/v", "Cache-Control", "no-cache");
        assertEquals(200, refreshed.statusCode());
        assertEquals("body", text(refreshed));
        assertEquals("\"e\"", upstream.last("/v").header("If-None-Match"));
        assertEquals("Strata; fwd=request; fwd-status=304; ttl=3600; stored", header(refreshed, "Cache-Status"));
    }

    @Test
    void rfc9111_5_2_1_4_noCacheWithoutAValidatorGoesToTheOrigin() throws Exception {
        start();
        plain("/p");
        get("/p");
        awaitStores(1);
        HttpResponse<byte[]> refreshed = get("/p", "Cache-Control", "no-cache");
        assertEquals(2, upstream.count("/p"));
        assertNull(upstream.last("/p").header("If-None-Match"));
        assertTrue(header(refreshed, "Cache-Status").matches("Strata; fwd=request; fwd-status=200; ttl=\\d+; stored"), header(refreshed, "Cache-Status"));
    }

    @Test
    void rfc9111_5_2_1_1_maxAgeZeroAndMaxAgeTheStoredResponseExceedsRefresh() throws Exception {
        start();
        plain("/ma0");
        plain("/ma");
        get("/ma0");
        get("/ma");
        awaitStores(2);
        advance(Duration.ofSeconds(1));
        get("/ma0", "Cache-Control", "max-age=0");
        assertEquals(2, upstream.count("/ma0"));
        advance(Duration.ofSeconds(100));
        assertStored(get("/ma", "Cache-Control", "max-age=1000"));
        get("/ma", "Cache-Control", "max-age=60");
        assertEquals(2, upstream.count("/ma"));
    }

    @Test
    void rfc9111_5_2_1_3_minFreshRefusesAResponseNotFreshLongEnough() throws Exception {
        start();
        upstream.on("/mf", r -> Reply.ok("m").header("Cache-Control", "max-age=1500").header("Age", "1000"));
        get("/mf");
        awaitStores(1);
        assertStored(get("/mf", "Cache-Control", "min-fresh=400"));
        get("/mf", "Cache-Control", "min-fresh=1000");
        assertEquals(2, upstream.count("/mf"));
    }

    @Test
    void rfc9111_5_2_1_2_maxStaleAllowsAStaleResponseWithinItsBound() throws Exception {
        start();
        upstream.on("/ms", r -> Reply.ok("m").header("Cache-Control", "max-age=10"));
        get("/ms");
        awaitStores(1);
        advance(Duration.ofSeconds(30));
        HttpResponse<byte[]> stale = get("/ms", "Cache-Control", "max-stale=60");
        assertStored(stale);
        assertEquals("30", header(stale, "Age"));
        get("/ms", "Cache-Control", "max-stale=5");
        assertEquals(2, upstream.count("/ms"));
    }

    @Test
    void rfc9111_5_2_1_7_onlyIfCachedWithNothingStoredIs504() throws Exception {
        start();
        plain("/oic");
        HttpResponse<byte[]> none = get("/oic", "Cache-Control", "only-if-cached");
        assertEquals(504, none.statusCode());
        assertEquals(0, upstream.count("/oic"), "never forwarded");
        assertEquals("Strata; detail=only-if-cached", header(none, "Cache-Status"));
        get("/oic");
        awaitStores(1);
        HttpResponse<byte[]> stored = get("/oic", "Cache-Control", "only-if-cached");
        assertEquals(200, stored.statusCode());
        assertStored(stored);
        advance(Duration.ofHours(2));
        assertEquals(504, get("/oic", "Cache-Control", "only-if-cached").statusCode(), "stale is not usable");
        assertEquals(1, upstream.count("/oic"));
    }

    @Test
    void rfc9111_5_2_1_5_noStoreRequestIsNotStoredAndNotAnsweredFromTheStore() throws Exception {
        start();
        plain("/ns");
        get("/ns", "Cache-Control", "no-store");
        get("/ns");
        assertEquals(2, upstream.count("/ns"), "the no-store exchange was not stored");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        HttpResponse<byte[]> r = get("/ns", "Cache-Control", "no-store");
        assertEquals(3, upstream.count("/ns"));
        assertTrue(header(r, "Cache-Status").startsWith("Strata; fwd=request; fwd-status=200"), header(r, "Cache-Status"));
    }

    @Test
    void rfc9111_5_4_pragmaNoCacheCountsOnlyWithoutCacheControl() throws Exception {
        start();
        plain("/pr");
        get("/pr");
        awaitStores(1);
        advance(Duration.ofSeconds(2));
        get("/pr", "Pragma", "no-cache");
        assertEquals(2, upstream.count("/pr"));
        advance(Duration.ofSeconds(2));
        assertStored(get("/pr", "Pragma", "no-cache", "Cache-Control", "max-stale=0"));
        assertStored(get("/pr", "Pragma", "unrecognised-extension"));
        assertEquals(2, upstream.count("/pr"));
    }

    @Test
    void clientForcedRefreshesOfOneUrlAreLimitedPerInterval() throws Exception {
        start("forcedRefreshInterval", "10s");
        plain("/hot");
        get("/hot");
        awaitStores(1);
        get("/hot", "Cache-Control", "no-cache");
        assertEquals(2, upstream.count("/hot"));
        HttpResponse<byte[]> limited = get("/hot", "Cache-Control", "no-cache");
        assertStored(limited);
        get("/hot", "Cache-Control", "max-age=0");
        assertEquals(2, upstream.count("/hot"), "refreshes within the interval are answered from the store");
        advance(Duration.ofSeconds(11));
        get("/hot", "Cache-Control", "no-cache");
        assertEquals(3, upstream.count("/hot"));
    }

    @Test
    void theRefreshLimitNeverServesAStaleResponse() throws Exception {
        start("forcedRefreshInterval", "1h");
        upstream.on("/st", r -> Reply.ok("s").header("Cache-Control", "max-age=5"));
        get("/st");
        awaitStores(1);
        get("/st", "Cache-Control", "no-cache");
        advance(Duration.ofSeconds(10));
        get("/st", "Cache-Control", "no-cache");
        assertEquals(3, upstream.count("/st"));
    }
}
