package dev.strata.it;

import static dev.strata.testing.Http.get;
import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.sendWithBody;
import static dev.strata.testing.Http.text;
import static dev.strata.testing.PoisonOrigin.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.planted.Tripwire;
import com.hazelcast.map.IMap;
import dev.strata.StrataFilter;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.entry.EntryCodec;
import dev.strata.internal.entry.VariantIndex;
import dev.strata.internal.http.Headers;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
import dev.strata.testing.Await;
import dev.strata.testing.Bytes;
import dev.strata.testing.PoisonOrigin;
import dev.strata.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks of the web cache poisoning and deception research, each over real HTTP against a
 * real container and a real Hazelcast member, each against an origin ({@link PoisonOrigin}) that
 * has the weakness the attack needs. SECURITY.md maps every attack to its test here.
 *
 * <p>Where an attack would be stored, {@code Cache-Status} says {@code stored} before the response
 * is sent: asserting its absence checks the defence without waiting for a background write that
 * might not have happened yet. Where a request is stored on purpose, the test waits for the store
 * before the victim's request.
 */
abstract class PoisoningContract extends OneMemberHarness {
    PoisonOrigin origin;

    void start(String... extraParams) throws Exception {
        origin = new PoisonOrigin();
        startContainer(new StrataFilter(), origin, "poisoning", extraParams);
    }

    /** The raw request target appended to the base, with no resolution or normalisation. */
    URI at(String rawTarget) {
        return URI.create(server.base() + rawTarget);
    }

    int port() {
        return server.base().getPort();
    }

    void awaitStores(long n) {
        Await.until(n + " stores", () -> filter.stats().stores() >= n);
    }

    static void assertNotStored(HttpResponse<?> r, String context) {
        String status = header(r, "Cache-Status");
        assertTrue(status == null || !status.contains("; stored"), context + ": " + status);
    }

    static void assertNotStored(HttpResponse<?> r) {
        assertNotStored(r, r.uri().toString());
    }

    static void assertStored(HttpResponse<?> r) {
        String status = header(r, "Cache-Status");
        assertTrue(status != null && status.contains("; stored"), r.uri() + ": " + status);
    }

    /** Every value in the tier-2 map, as text, to look for data that must never be there. */
    String tier2Contents() {
        IMap<String, Object> map = members.member(0).getMap(mapName);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            b.append(e.getKey()).append('\n');
            if (e.getValue() instanceof byte[] bytes) {
                b.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return b.toString();
    }

    // ---- 1. Unkeyed input headers -------------------------------------------------------------

    /**
     * The eight headers, then the other fields keyed by default, written out here so that
     * dropping one from the default fails this test and not only {@code SettingsTest}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Host", "X-Forwarded-Scheme", "X-Forwarded-Proto", "X-Forwarded-Port",
        "X-Host", "Forwarded", "X-Original-URL", "X-Rewrite-URL",
        "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Forwarded-Ssl", "X-HTTP-Host-Override"})
    void unkeyedInputCannotPoisonTheEntryOthersGet(String field) throws Exception {
        start();
        String path = "/api/reflect/" + field;
        HttpResponse<byte[]> attack = get(at(path), field, "evil.example");
        assertTrue(text(attack).contains("evil.example"), "the origin reflects " + field + ": " + text(attack));
        // keyed, not bypassed: the attacker's copy is stored under a key only that value reaches
        assertStored(attack);
        awaitStores(1);

        HttpResponse<byte[]> victim = get(at(path));
        assertFalse(text(victim).contains("evil.example"), text(victim));
        assertEquals("MISS", header(victim, "X-Cache"));
        awaitStores(2);
        assertEquals("HIT", header(get(at(path)), "X-Cache"));
        HttpResponse<byte[]> sameValue = get(at(path), field, "evil.example");
        assertEquals("HIT", header(sameValue, "X-Cache"));
        assertTrue(text(sameValue).contains("evil.example"));
        assertEquals(2, origin.runs("/reflect/" + field));
    }

    @Test
    void xForwardedForIsNotKeyedSoClientsBehindAProxyShareEntries() throws Exception {
        start();
        get(at("/api/public/xff"), "X-Forwarded-For", "203.0.113.7");
        awaitStores(1);
        HttpResponse<byte[]> other = get(at("/api/public/xff"), "X-Forwarded-For", "198.51.100.9");
        assertEquals("HIT", header(other, "X-Cache"));
    }

    @Test
    void keyedHeadersAreConfigurable() throws Exception {
        start("keyedHeaders", "X-Tenant");
        HttpResponse<byte[]> tenantA = get(at("/api/reflect/tenant"), "X-Tenant", "tenant-a");
        assertTrue(text(tenantA).contains("tenant-a"));
        awaitStores(1);
        assertFalse(text(get(at("/api/reflect/tenant"), "X-Tenant", "tenant-b")).contains("tenant-a"));
        assertFalse(text(get(at("/api/reflect/tenant"))).contains("tenant-a"));
    }

    // ---- 2. Host and port --------------------------------------------------------------------

    @Test
    void aForeignPortInHostCannotPoisonTheSite() throws Exception {
        start();
        HttpResponse<byte[]> attack = get(at("/api/reflect/port"), "Host", "127.0.0.1:1337");
        assertTrue(text(attack).contains("127.0.0.1:1337/app.js"), text(attack));
        awaitStores(1);
        HttpResponse<byte[]> victim = get(at("/api/reflect/port"));
        assertFalse(text(victim).contains("1337"), text(victim));
        assertTrue(text(victim).contains("127.0.0.1:" + port() + "/app.js"), text(victim));
    }

    @Test
    void aForeignHostCannotPoisonTheSite() throws Exception {
        start();
        HttpResponse<byte[]> attack = get(at("/api/reflect/host"), "Host", "evil.example:" + port());
        assertTrue(text(attack).contains("evil.example"), text(attack));
        awaitStores(1);
        assertFalse(text(get(at("/api/reflect/host"))).contains("evil.example"));
    }

    @Test
    void hostsOutsideTheAllowListBypassTheCache() throws Exception {
        start("allowedHosts", "127.0.0.1");
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> other = get(at("/api/reflect/allowed"), "Host", "evil.example:" + port());
            assertEquals("BYPASS", header(other, "X-Cache"));
            assertNotStored(other);
        }
        assertEquals(2, origin.runs("/reflect/allowed"));
        HttpResponse<byte[]> allowed = get(at("/api/reflect/allowed"));
        assertStored(allowed);
        assertFalse(text(allowed).contains("evil.example"));
    }

    // ---- 3. Query ----------------------------------------------------------------------------

    @Test
    void aSemicolonCannotCloakAParameter() throws Exception {
        start();
        // The application splits on ';' too and reads the last callback; the key holds the raw query.
        HttpResponse<byte[]> attack = get(at("/api/jsonp?callback=ok;callback=evil"));
        assertTrue(text(attack).startsWith("evil("), text(attack));
        awaitStores(1);
        HttpResponse<byte[]> victim = get(at("/api/jsonp?callback=ok"));
        assertTrue(text(victim).startsWith("ok("), text(victim));
        assertEquals("MISS", header(victim, "X-Cache"));
    }

    @Test
    void anIgnoredParameterCannotCloakAnother() throws Exception {
        start("ignoredQueryParams", "utm_*");
        HttpResponse<byte[]> attack = get(at("/api/jsonp?callback=ok&utm_content=x;callback=evil"));
        assertTrue(text(attack).startsWith("evil("), text(attack));
        awaitStores(1);
        HttpResponse<byte[]> victim = get(at("/api/jsonp?callback=ok"));
        assertTrue(text(victim).startsWith("ok("), text(victim));
        assertEquals("MISS", header(victim, "X-Cache"));
    }

    @Test
    void ignoredParametersLeaveTheKey() throws Exception {
        start("ignoredQueryParams", "utm_*, fbclid");
        get(at("/api/public/campaign?a=1&utm_source=mail&fbclid=x"));
        awaitStores(1);
        assertEquals("HIT", header(get(at("/api/public/campaign?a=1")), "X-Cache"));
        assertEquals("HIT", header(get(at("/api/public/campaign?utm_medium=web&a=1")), "X-Cache"));
        assertEquals("MISS", header(get(at("/api/public/campaign?a=2&utm_source=mail")), "X-Cache"));
    }

    @Test
    void parameterOrderIsKeyedAsSent() throws Exception {
        start();
        get(at("/api/public/order?b=2&a=1"));
        awaitStores(1);
        assertEquals("MISS", header(get(at("/api/public/order?a=1&b=2")), "X-Cache"));
    }

    @Test
    void parameterOrderIsNormalisedOnlyWhenConfigured() throws Exception {
        start("sortQueryParams", "true");
        get(at("/api/public/order?b=2&a=1"));
        awaitStores(1);
        assertEquals("HIT", header(get(at("/api/public/order?a=1&b=2")), "X-Cache"));
        // repeated names keep their order: the application reads a different first value
        assertEquals("MISS", header(get(at("/api/public/order?a=2&b=2&a=1")), "X-Cache"));
    }

    // ---- 4. Fat GET and method override -------------------------------------------------------

    @Test
    void aGetWithABodyIsNeitherStoredNorServedTheSharedEntry() throws Exception {
        start();
        HttpResponse<byte[]> fatFirst = sendWithBody("GET", at("/api/override/fat"), "callback=evil");
        assertTrue(text(fatFirst).contains("body=callback=evil"), text(fatFirst));
        assertEquals("BYPASS", header(fatFirst, "X-Cache"));
        assertEquals("Strata; fwd=method; fwd-status=200", header(fatFirst, "Cache-Status"));
        HttpResponse<byte[]> clean = get(at("/api/override/fat"));
        assertFalse(text(clean).contains("evil"), text(clean));
        assertStored(clean);
        awaitStores(1);

        HttpResponse<byte[]> fatLater = sendWithBody("GET", at("/api/override/fat"), "callback=evil");
        assertEquals("BYPASS", header(fatLater, "X-Cache"));
        assertTrue(text(fatLater).contains("body=callback=evil"), "served the shared entry: " + text(fatLater));
        HttpResponse<byte[]> after = get(at("/api/override/fat"));
        assertEquals("HIT", header(after, "X-Cache"));
        assertEquals(text(clean), text(after));
        assertEquals(3, origin.runs("/override/fat"));
    }

    @Test
    void aGetWithAChunkedBodyIsNeitherStoredNorServedTheSharedEntry() throws Exception {
        start();
        // no Content-Length: the body is framed by Transfer-Encoding alone
        String chunkedBody = "d\r\ncallback=evil\r\n0\r\n\r\n";
        RawHttp.Response fatFirst = RawHttp.send(server.base(), "GET", "/api/override/chunked", chunkedBody,
                "Transfer-Encoding: chunked");
        assertEquals(200, fatFirst.status(), fatFirst.head());
        assertTrue(fatFirst.body().contains("body=callback=evil"), fatFirst.body());
        assertEquals("BYPASS", fatFirst.header("X-Cache"), fatFirst.head());
        assertEquals("Strata; fwd=method; fwd-status=200", fatFirst.header("Cache-Status"), fatFirst.head());
        HttpResponse<byte[]> clean = get(at("/api/override/chunked"));
        assertFalse(text(clean).contains("evil"), text(clean));
        assertStored(clean);
        awaitStores(1);

        RawHttp.Response fatLater = RawHttp.send(server.base(), "GET", "/api/override/chunked", chunkedBody,
                "Transfer-Encoding: chunked");
        assertEquals("BYPASS", fatLater.header("X-Cache"), fatLater.head());
        assertTrue(fatLater.body().contains("body=callback=evil"), "served the shared entry: " + fatLater.body());
        HttpResponse<byte[]> after = get(at("/api/override/chunked"));
        assertEquals("HIT", header(after, "X-Cache"));
        assertEquals(text(clean), text(after));
        assertEquals(3, origin.runs("/override/chunked"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"})
    void aMethodOverrideHeaderIsNeitherStoredNorServedTheSharedEntry(String field) throws Exception {
        start();
        HttpResponse<byte[]> first = get(at("/api/override/h"), field, "DELETE");
        assertTrue(text(first).startsWith("method=DELETE"), text(first));
        assertEquals("BYPASS", header(first, "X-Cache"));
        assertNotStored(first);
        HttpResponse<byte[]> clean = get(at("/api/override/h"));
        assertTrue(text(clean).startsWith("method=GET"), text(clean));
        awaitStores(1);
        HttpResponse<byte[]> later = get(at("/api/override/h"), field, "DELETE");
        assertTrue(text(later).startsWith("method=DELETE"), "served the shared entry: " + text(later));
        assertTrue(text(get(at("/api/override/h"))).startsWith("method=GET"));
    }

    @Test
    void aMethodOverrideParameterIsNeverStored() throws Exception {
        start();
        // the containers percent-decode parameter names: %5Fmethod is _method to the application
        for (String query : List.of("_method=DELETE", "a=1&_method=DELETE", "%5Fmethod=DELETE",
                "a=1&%5f%6Dethod=DELETE")) {
            HttpResponse<byte[]> r = get(at("/api/override/p?" + query));
            assertTrue(text(r).startsWith("method=DELETE"), text(r));
            assertEquals("BYPASS", header(r, "X-Cache"));
            assertNotStored(r);
        }
    }

    // ---- 5. Error poisoning (CPDoS) -----------------------------------------------------------

    @Test
    void anOversizedHeaderTheContainerRejectsNeverReachesTheCache() throws Exception {
        start();
        HttpResponse<byte[]> stored = get(at("/api/limited/container"));
        awaitStores(1);
        RawHttp.Response attack = RawHttp.get(server.base(), "/api/limited/container",
                "X-Oversized: " + "a".repeat(64 * 1024));
        assertTrue(attack.status() >= 400 && attack.status() < 500 || attack.status() == -1, attack.head());
        assertNull(attack.header("X-Cache"), "the filter never saw it: " + attack.head());
        HttpResponse<byte[]> victim = get(at("/api/limited/container"));
        assertEquals(200, victim.statusCode());
        assertEquals("HIT", header(victim, "X-Cache"));
        assertEquals(text(stored), text(victim));
    }

    @Test
    void anErrorTheOriginAnswersToAnOversizedHeaderIsNotStored() throws Exception {
        start();
        HttpResponse<byte[]> attack = get(at("/api/limited/origin"), "X-Oversized", "a".repeat(4096));
        assertEquals(400, attack.statusCode());
        assertEquals("public, max-age=60", header(attack, "Cache-Control"));
        assertNotStored(attack);
        HttpResponse<byte[]> victim = get(at("/api/limited/origin"));
        assertEquals(200, victim.statusCode(), text(victim));
        assertEquals(2, origin.runs("/limited/origin"));
    }

    @Test
    void illegalCharactersNeverPutAnErrorInTheCache() throws Exception {
        start();
        HttpResponse<byte[]> stored = get(at("/api/limited/chars"));
        awaitStores(1);
        List<String[]> attacks = List.of(
                new String[] {"/api/limited/chars", "X-Meta: a\u0001b"},
                new String[] {"/api/limited/chars", "X-Meta: a\rb"},
                new String[] {"/api/limited/chars", "X Meta: a"},
                new String[] {"/api/limited/chars", "X-Meta\u0000: a"},
                new String[] {"/api/limited/chars?x=<\"'>", "X-Meta: a"},
                new String[] {"/api/limited/chars\u0007", "X-Meta: a"});
        for (String[] a : attacks) {
            RawHttp.Response r = RawHttp.get(server.base(), a[0], a[1]);
            String cacheStatus = r.header("Cache-Status");
            assertTrue(r.status() < 400 || cacheStatus == null || !cacheStatus.contains("; stored"),
                    Arrays.toString(a) + " -> " + r.head());
        }
        HttpResponse<byte[]> victim = get(at("/api/limited/chars"));
        assertEquals(200, victim.statusCode());
        assertEquals("HIT", header(victim, "X-Cache"));
        assertEquals(text(stored), text(victim));
    }

    @Test
    void aStoredSuccessIsNeverReplacedByAnError() throws Exception {
        start();
        errorsNeverReplaceTheStoredSuccess();
    }

    @Test
    void evenWhereErrorsMayBeStoredTheyNeverReplaceASuccess() throws Exception {
        start("cacheableStatuses", "200,400,500");
        errorsNeverReplaceTheStoredSuccess();
        // errors are stored when explicitly allowed and nothing better is held
        origin.flakyStatus(500);
        HttpResponse<byte[]> fresh = get(at("/api/flaky/nothing-held"));
        assertEquals(500, fresh.statusCode());
        assertStored(fresh);
    }

    private void errorsNeverReplaceTheStoredSuccess() {
        HttpResponse<byte[]> flaky = get(at("/api/flaky/page"));
        HttpResponse<byte[]> limited = get(at("/api/limited/page"));
        assertEquals(200, flaky.statusCode());
        assertEquals(200, limited.statusCode());
        awaitStores(2);
        origin.flakyStatus(500);
        // no-cache makes the origin answer again: the one way to reach it while an entry is fresh
        HttpResponse<byte[]> failed = get(at("/api/flaky/page"), "Cache-Control", "no-cache");
        assertEquals(500, failed.statusCode());
        assertNotStored(failed);
        HttpResponse<byte[]> oversized = get(at("/api/limited/page"), "Cache-Control", "no-cache",
                "X-Oversized", "a".repeat(4096));
        assertEquals(400, oversized.statusCode());
        assertNotStored(oversized);
        for (HttpResponse<byte[]> stored : List.of(flaky, limited)) {
            HttpResponse<byte[]> victim = get(stored.uri());
            assertEquals(200, victim.statusCode(), stored.uri().toString());
            assertEquals("HIT", header(victim, "X-Cache"));
            assertEquals(text(stored), text(victim));
        }
    }

    // ---- 6. Deception by path confusion --------------------------------------------------------

    /** Paths that some component may read as the account page and a naive cache as static. */
    static final List<String> CONFUSED_PATHS = List.of("/api/account", "/api/account;x.css", "/api/account/x.css",
            "/api/account%2Fx.css", "/api/account%3Bx.css", "/api/static/..%2faccount", "/api//account",
            "//api/account", "/api/static/%2e%2e/account", "/api/static/%2e%2e%2faccount");

    /**
     * Each row leaves exactly one defence standing: the request's session cookie, the response's
     * {@code private}, its {@code Set-Cookie}, {@code Authorization} (request bypass and store
     * refusal), and with {@code storeAuthorized} on, the refusal of an authorized response that
     * does not say {@code public}.
     */
    @ParameterizedTest(name = "{0}: {1} with {2}={3}")
    @CsvSource({
        "Cookie, JSESSIONID=victim-session, defaultTtl, 60s",
        "Cookie, sid=victim-session, defaultTtl, 60s",
        "Cookie, remember=victim-token, defaultTtl, 60s",
        "Authorization, Bearer victim-token, defaultTtl, 60s",
        "Authorization, Bearer victim-token, storeAuthorized, true"})
    void pathConfusionNeverStoresAPersonalisedPage(String field, String credential, String param, String value)
            throws Exception {
        // defaultTtl would store the JSESSIONID page, which says nothing about caching
        start("defaultTtl", "60s", param, value);
        List<String> personalised = new java.util.ArrayList<>();
        for (String path : CONFUSED_PATHS) {
            HttpResponse<byte[]> victim = get(at(path), field, credential);
            String context = path + " -> " + victim.statusCode() + " " + header(victim, "Cache-Status");
            assertNotStored(victim, context);
            if (text(victim).contains(SECRET)) {
                personalised.add(path);
            }
            HttpResponse<byte[]> attacker = get(at(path));
            assertFalse(text(attacker).contains(SECRET), context + " leaked: " + text(attacker));
        }
        // the attack is live: the container routes at least these to the personalised page
        assertTrue(personalised.containsAll(List.of("/api/account", "/api/account;x.css", "/api/account/x.css")),
                "personalised: " + personalised);
    }

    @Test
    void pathConfusionCannotEscapeExcludedPaths() throws Exception {
        start("excludePaths", "/api/account/*");
        int dispatchedToAccount = 0;
        for (String path : CONFUSED_PATHS) {
            HttpResponse<byte[]> r = get(at(path));
            String dispatched = header(r, "X-Dispatched-Path");
            if (dispatched != null && (dispatched.equals("/api/account") || dispatched.startsWith("/api/account/"))) {
                dispatchedToAccount++;
                assertEquals("BYPASS", header(r, "X-Cache"), path + " dispatched as " + dispatched);
            }
        }
        assertTrue(dispatchedToAccount >= 3, "dispatched to the excluded path: " + dispatchedToAccount);
    }

    // ---- 7. Credentials ------------------------------------------------------------------------

    @Test
    void aResponseThatVariesOnCookieIsNeverShared() throws Exception {
        start();
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> alice = get(at("/api/greeting"), "Cookie", "user=alice; tracker=alice-token-7f3a");
            assertTrue(text(alice).contains("hello alice"), text(alice));
            assertEquals("MISS", header(alice, "X-Cache"));
            assertNotStored(alice);
        }
        assertFalse(text(get(at("/api/greeting"))).contains("alice"));
        get(at("/api/public/sentinel"));
        awaitStores(1);
        assertFalse(tier2Contents().contains("alice-token"), tier2Contents());
    }

    @Test
    void aResponseThatVariesOnAuthorizationIsNeverShared() throws Exception {
        start("storeAuthorized", "true");
        HttpResponse<byte[]> first = get(at("/api/shared-auth"), "Authorization", "Bearer token-of-alice");
        assertTrue(text(first).contains("token-of-alice"), text(first));
        assertNotStored(first);
        HttpResponse<byte[]> second = get(at("/api/shared-auth"), "Authorization", "Bearer token-of-alice");
        assertEquals("MISS", header(second, "X-Cache"));
        assertFalse(text(get(at("/api/shared-auth"), "Authorization", "Bearer other")).contains("alice"));
        assertEquals(3, origin.runs("/shared-auth"));
    }

    @Test
    void sessionCookieNamesAreConfigurable() throws Exception {
        start("bypassCookies", "sid, remember");
        HttpResponse<byte[]> r = get(at("/api/account"), "Cookie", "sid=victim-session");
        assertEquals("BYPASS", header(r, "X-Cache"));
        assertTrue(text(r).contains(SECRET));
        HttpResponse<byte[]> jsession = get(at("/api/public/x"), "Cookie", "JSESSIONID=not-a-session-here");
        assertEquals("MISS", header(jsession, "X-Cache"));
    }

    // ---- 8. Set-Cookie ---------------------------------------------------------------------------

    @Test
    void setCookieIsNeverStoredNorServedToAnother() throws Exception {
        start();
        HttpResponse<byte[]> first = get(at("/api/login"));
        assertTrue(header(first, "Set-Cookie").startsWith("session=issued-1"), header(first, "Set-Cookie"));
        assertNotStored(first);
        HttpResponse<byte[]> second = get(at("/api/login"));
        assertTrue(header(second, "Set-Cookie").startsWith("session=issued-2"), header(second, "Set-Cookie"));
        get(at("/api/public/sentinel"));
        awaitStores(1);
        assertFalse(tier2Contents().contains("issued-"), tier2Contents());
    }

    @Test
    void noCacheNamingSetCookieIsHonoured() throws Exception {
        start();
        HttpResponse<byte[]> first = get(at("/api/qualified"));
        assertNotStored(first);
        assertEquals("MISS", header(get(at("/api/qualified")), "X-Cache"));
        assertEquals(2, origin.runs("/qualified"));
    }

    /**
     * Twenty clients released together miss one URL whose origin answers {@code public, max-age=60}
     * with a session cookie per run. The origin holds its answers until all twenty are inside the
     * filter, so every one of them could be handed the first answer if coalescing shared it: each
     * client must get the cookie of the origin run that answered it and nobody else's.
     */
    @Test
    void setCookieIsNeverHandedToCoalescedFollowers() throws Exception {
        start();
        int clients = 20;
        CountDownLatch gate = origin.closeGate();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<HttpResponse<byte[]>> responses = new ArrayList<>();
        try {
            CyclicBarrier together = new CyclicBarrier(clients);
            List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    together.await();
                    return get(at("/api/burst"));
                }));
            }
            Await.until("all requests inside the filter", () -> filter.stats().requests() >= clients);
            gate.countDown();
            for (Future<HttpResponse<byte[]>> f : futures) {
                responses.add(f.get());
            }
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        Set<String> cookies = new HashSet<>();
        for (HttpResponse<byte[]> r : responses) {
            assertEquals(200, r.statusCode(), text(r));
            assertNotStored(r);
            List<String> setCookies = r.headers().allValues("Set-Cookie");
            assertEquals(1, setCookies.size(), setCookies.toString());
            String run = text(r).substring(text(r).indexOf("run=") + 4);
            assertTrue(setCookies.get(0).startsWith("session=burst-" + run + ";"),
                    "answered by run " + run + " but given " + setCookies.get(0));
            cookies.add(setCookies.get(0));
        }
        assertEquals(clients, cookies.size(), "every client its own cookie: " + cookies);
        assertEquals(clients, origin.runs("/burst"), "the origin ran once per request");
        assertEquals(0, filter.stats().coalesced(), filter.stats().toString());
        get(at("/api/public/sentinel"));
        awaitStores(1);
        assertEquals(1, filter.stats().stores(), "only the sentinel was stored: " + filter.stats());
        assertFalse(tier2Contents().contains("burst"), tier2Contents());
    }

    @Test
    void aResponseSayingNoStoreIsNeverStored() throws Exception {
        start();
        // public and max-age would make it storable: no-store is the only thing refusing it
        for (int run = 1; run <= 2; run++) {
            HttpResponse<byte[]> r = get(at("/api/no-store"));
            assertEquals("no-store run=" + run, text(r));
            assertNotEquals("HIT", header(r, "X-Cache"));
            assertNotStored(r);
        }
        get(at("/api/public/sentinel"));
        awaitStores(1);
        assertEquals("no-store run=3", text(get(at("/api/no-store"))));
        assertEquals(1, filter.stats().stores(), "only the sentinel was stored: " + filter.stats());
        assertFalse(tier2Contents().contains("no-store run="), tier2Contents());
    }

    // ---- 9. Structured keys -----------------------------------------------------------------------

    @Test
    void requestsANaiveJoinWouldCollideNeverShareAnEntry() throws Exception {
        start();
        // "GET" + "/api/public/a" + "b" and "GET" + "/api/public/ab" + "" are one string
        HttpResponse<byte[]> withQuery = get(at("/api/public/a?b"));
        awaitStores(1);
        HttpResponse<byte[]> longerPath = get(at("/api/public/ab"));
        assertEquals("MISS", header(longerPath, "X-Cache"));
        assertTrue(text(longerPath).startsWith("path=/public/ab query=null"), text(longerPath));
        awaitStores(2);
        assertEquals(text(withQuery), text(get(at("/api/public/a?b"))));
        assertEquals(text(longerPath), text(get(at("/api/public/ab"))));
    }

    @Test
    void longUrlsDifferingInTheirLastCharacterNeverShareAnEntry() throws Exception {
        start();
        String stem = "/api/public/long-" + "x".repeat(220);
        CacheKey keyA = key(stem + "a");
        CacheKey keyB = key(stem + "b");
        // over 200 characters: stored under a SHA-256 of the full key
        assertTrue(keyA.storage().startsWith("sha256:") && keyB.storage().startsWith("sha256:"), keyA.storage());
        HttpResponse<byte[]> a = get(at(stem + "a"));
        assertStored(a);
        awaitStores(1);
        HttpResponse<byte[]> b = get(at(stem + "b"));
        assertEquals("MISS", header(b, "X-Cache"));
        assertTrue(text(b).startsWith("path=/public/long-" + "x".repeat(220) + "b "), text(b));
        awaitStores(2);
        HttpResponse<byte[]> hitA = get(at(stem + "a"));
        HttpResponse<byte[]> hitB = get(at(stem + "b"));
        assertEquals("HIT", header(hitA, "X-Cache"));
        assertEquals("HIT", header(hitB, "X-Cache"));
        assertEquals(text(a), text(hitA));
        assertEquals(text(b), text(hitB));
        IMap<String, Object> map = members.member(0).getMap(mapName);
        assertTrue(map.containsKey(keyA.storage()) && map.containsKey(keyB.storage()), map.keySet().toString());
    }

    // ---- 10. No key material in Cache-Status ------------------------------------------------------

    @Test
    void cacheStatusCarriesNoKeyMaterialByDefault() throws Exception {
        start();
        String target = "/api/public/private-path?token=abc123";
        HttpResponse<byte[]> miss = get(at(target), "X-Forwarded-Host", "internal.example");
        awaitStores(1);
        HttpResponse<byte[]> hit = get(at(target), "X-Forwarded-Host", "internal.example");
        HttpResponse<byte[]> bypass = get(at(target), "Authorization", "Bearer abc");
        assertEquals("HIT", header(hit, "X-Cache"));
        for (HttpResponse<byte[]> r : List.of(miss, hit, bypass)) {
            String status = header(r, "Cache-Status");
            for (String leak : List.of("key", "private-path", "abc123", "internal", "127.0.0.1", "Bearer")) {
                assertFalse(status.contains(leak), status);
            }
        }
    }

    @Test
    void debugHeadersShowOnlyADigestOfTheKey() throws Exception {
        start("debugHeaders", "true");
        String path = "/api/public/debug";
        HttpResponse<byte[]> miss = get(at(path + "?token=abc123"));
        awaitStores(1);
        HttpResponse<byte[]> hit = get(at(path + "?token=abc123"));
        CacheKey key = KeyBuilder.primary(0, "http", "127.0.0.1", port(), path, "token=abc123");
        String expected = "key=\"" + key.digest().substring(0, 16) + "\"";
        assertTrue(header(miss, "Cache-Status").endsWith("; stored; " + expected), header(miss, "Cache-Status"));
        assertTrue(header(hit, "Cache-Status").endsWith("; " + expected), header(hit, "Cache-Status"));
        assertFalse(header(hit, "Cache-Status").contains("abc123"));
        HttpResponse<byte[]> other = get(at(path + "?token=other"));
        assertFalse(header(other, "Cache-Status").contains(expected));
        HttpResponse<byte[]> bypass = get(at(path), "Authorization", "Bearer abc");
        assertFalse(header(bypass, "Cache-Status").contains("key="));
    }

    // ---- 11. Entry integrity ---------------------------------------------------------------------

    @Test
    void corruptOrForeignTier2EntriesAreNeverServed() throws Exception {
        start();
        IMap<String, Object> map = members.member(0).getMap(mapName);
        long now = System.currentTimeMillis();
        Map<String, Object> planted = new HashMap<>();
        planted.put("/api/public/garbage", "POISON not an entry".getBytes(StandardCharsets.UTF_8));
        planted.put("/api/public/object", "POISON as a Java object");
        planted.put("/api/public/serializable", new Tripwire());
        int deserialized = Tripwire.DESERIALIZED.get();
        planted.put("/api/public/foreign", EntryCodec.encode(poison(key("/api/public/elsewhere").full(), now, "X-Ok")));
        planted.put("/api/public/set-cookie", Bytes.replace(
                EntryCodec.encode(poison(key("/api/public/set-cookie").full(), now, "Set-CookiX")),
                "Set-CookiX", "Set-Cookie"));
        byte[] newer = EntryCodec.encode(poison(key("/api/public/format").full(), now, "X-Ok"));
        newer[2] = (byte) (newer[2] + 1);
        planted.put("/api/public/format", newer);
        // otherwise valid entries whose length disagrees with their content
        byte[] whole = EntryCodec.encode(poison(key("/api/public/cut-body").full(), now, "X-Ok"));
        planted.put("/api/public/cut-body", Arrays.copyOf(whole, whole.length - 1));
        byte[] shorter = EntryCodec.encode(poison(key("/api/public/extra-byte").full(), now, "X-Ok"));
        planted.put("/api/public/extra-byte", Arrays.copyOf(shorter, shorter.length + 1));
        // a variant index has no body length: only the trailing-bytes check refuses the extra byte
        byte[] index = EntryCodec.encode(new VariantIndex(key("/api/public/index-extra-byte").full(),
                new String[] {"x-poison"}, now + 60_000, 0));
        planted.put("/api/public/index-extra-byte", Arrays.copyOf(index, index.length + 1));
        for (Map.Entry<String, Object> e : planted.entrySet()) {
            map.set(key(e.getKey()).storage(), e.getValue());
        }
        for (String path : planted.keySet()) {
            HttpResponse<byte[]> r = get(at(path));
            assertEquals(200, r.statusCode(), path);
            assertEquals("MISS", header(r, "X-Cache"), path);
            assertFalse(text(r).contains("POISON"), path + ": " + text(r));
            assertNull(header(r, "Set-Cookie"), path);
            assertEquals(1, origin.runs(path.substring("/api".length())), path);
        }
        assertEquals(planted.size(), filter.stats().corruptEntries(), filter.stats().toString());
        // the origin's answers replace the planted values
        awaitStores(planted.size());
        for (String path : planted.keySet()) {
            HttpResponse<byte[]> r = get(at(path));
            assertEquals("HIT", header(r, "X-Cache"), path);
            assertNotEquals(-1, text(r).indexOf("run=1"), path);
        }
        assertEquals(deserialized, Tripwire.DESERIALIZED.get(), "the planted Java object was never instantiated");
    }

    private CacheKey key(String path) {
        return KeyBuilder.primary(0, "http", "127.0.0.1", port(), path, null);
    }

    /** A well-formed entry with an attacker's body and one extra field. */
    private static CachedResponse poison(String keyEcho, long now, String extraField) {
        return new CachedResponse(keyEcho, 200,
                Headers.of("Content-Type", "text/plain", extraField, "session=attacker"),
                "POISON served from a planted entry".getBytes(StandardCharsets.UTF_8), now, 0, now + 60_000, 0,
                new String[0], new String[0], 0, 0);
    }
}
