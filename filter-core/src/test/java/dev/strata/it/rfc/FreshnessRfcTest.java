package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 9111 §4.2 (freshness), §5.1 (Age), §5.3 (Expires), RFC 9110 §6.6.1 (Date), through the proxy. */
class FreshnessRfcTest extends ProxyHarness {

    /** Stores the response at {@code path}, then asks again after {@code later}; the upstream's run count. */
    private int runsAfter(String path, Reply reply, Duration later) {
        upstream.on(path, r -> reply);
        get(path);
        awaitStores(1);
        advance(later);
        get(path);
        return upstream.count(path);
    }

    @Test
    void rfc9111_4_2_1_sharedCacheMustPreferSMaxAgeOverLongerMaxAge() throws Exception {
        start();
        assertEquals(2, runsAfter("/s", Reply.ok("s").header("Cache-Control", "max-age=3600, s-maxage=10"),
                Duration.ofSeconds(11)));
    }

    @Test
    void rfc9111_4_2_1_sMaxAgeLongerThanMaxAgeKeepsTheResponseFresh() throws Exception {
        start();
        assertEquals(1, runsAfter("/s", Reply.ok("s").header("Cache-Control", "max-age=1, s-maxage=3600"),
                Duration.ofSeconds(10)));
    }

    @Test
    void rfc9111_4_2_1_maxAgeOverridesAPastExpires() throws Exception {
        start();
        assertEquals(1, runsAfter("/m", Reply.ok("m").header("Cache-Control", "max-age=3600")
                .header("Expires", date(clock, -10_000)), Duration.ofSeconds(10)));
    }

    @Test
    void rfc9111_4_2_1_maxAgeZeroWithAFutureExpiresMustNotBeReused() throws Exception {
        start();
        upstream.on("/m0", r -> Reply.ok("m").header("Cache-Control", "max-age=0").header("Expires", date(clock, 3600)));
        get("/m0");
        get("/m0");
        assertEquals(2, upstream.count("/m0"));
    }

    @Test
    void rfc9111_4_2_1_expiresMinusDateIsTheLifetime() throws Exception {
        start();
        upstream.on("/e", r -> Reply.ok("e").header("Expires", date(clock, 60)));
        get("/e");
        awaitStores(1);
        advance(Duration.ofSeconds(59));
        assertEquals("HIT", header(get("/e"), "X-Cache"));
        advance(Duration.ofSeconds(2));
        get("/e");
        assertEquals(2, upstream.count("/e"));
    }

    @Test
    void rfc9111_5_3_invalidExpiresMustBeTreatedAsStale() throws Exception {
        start();
        for (String invalid : new String[] {"0", "-1", "Thu, 18 Aug 2050 02:01:18 UTC", "Thu, 18 Aug 50 02:01:18 GMT",
            "Thu 18 Aug 2050 02:01:18 GMT", "Thu, 18-Aug-2050 02:01:18 GMT"}) {
            String path = "/x" + Math.abs(invalid.hashCode());
            upstream.on(path, r -> Reply.ok("x").header("Expires", invalid));
            get(path);
            get(path);
            assertEquals(2, upstream.count(path), invalid);
        }
    }

    @Test
    void rfc9110_5_6_7_expiresIsReadWhateverTheCaseOfNames() throws Exception {
        start();
        upstream.on("/case", r -> Reply.ok("c").header("Expires", "THU, 18 AUG 2050 02:01:18 gmt"));
        get("/case");
        awaitStores(1);
        assertEquals("HIT", header(get("/case"), "X-Cache"));
    }

    @Test
    void rfc9111_4_2_1_expiresOlderThanDateMustNotBeReused() throws Exception {
        start();
        upstream.on("/old", r -> Reply.ok("o").header("Date", date(clock, 400)).header("Expires", date(clock, 300)));
        get("/old");
        get("/old");
        assertEquals(2, upstream.count("/old"));
    }

    @Test
    void rfc9111_4_2_1_conflictingMaxAgeDirectivesAreTreatedAsStale() throws Exception {
        start();
        upstream.on("/dup", r -> Reply.ok("d").header("Cache-Control", "max-age=3600").header("Cache-Control",
                "max-age=1"));
        get("/dup");
        get("/dup");
        assertEquals(2, upstream.count("/dup"));
    }

    @Test
    void rfc9111_5_2_directiveWithWhitespaceAroundEqualsMustBeIgnored() throws Exception {
        start();
        upstream.on("/sp1", r -> Reply.ok("a").header("Cache-Control", "max-age =3600"));
        upstream.on("/sp2", r -> Reply.ok("a").header("Cache-Control", "max-age= 3600"));
        for (String p : new String[] {"/sp1", "/sp2"}) {
            get(p);
            get(p);
            assertEquals(2, upstream.count(p), p);
        }
    }

    @Test
    void rfc9111_5_2_maxAgeInsideAQuotedStringMustBeIgnored() throws Exception {
        start();
        assertEquals(2, runsAfter("/q", Reply.ok("q").header("Cache-Control", "extension=\"max-age=3600\", max-age=1"),
                Duration.ofSeconds(2)));
    }

    @Test
    void rfc9111_1_2_2_hugeMaxAgeIsCappedNotRejected() throws Exception {
        start();
        assertEquals(1, runsAfter("/huge", Reply.ok("h").header("Cache-Control", "max-age=99999999999"),
                Duration.ofHours(1)));
    }

    @Test
    void rfc9111_4_2_3_upstreamAgeCountsTowardsTheCurrentAge() throws Exception {
        start();
        upstream.on("/aged", r -> Reply.ok("a").header("Cache-Control", "max-age=10").header("Age", "15"));
        get("/aged");
        get("/aged");
        assertEquals(2, upstream.count("/aged"));
    }

    @Test
    void rfc9111_4_2_3_ageGreaterThanExpiresMinusDateMustNotBeReused() throws Exception {
        start();
        upstream.on("/ea", r -> Reply.ok("a").header("Date", date(clock, 10)).header("Expires", date(clock, 20))
                .header("Age", "15"));
        get("/ea");
        get("/ea");
        assertEquals(2, upstream.count("/ea"));
    }

    @Test
    void rfc9111_5_1_ageIsGeneratedAndUpdatedOnEveryStoredResponseServed() throws Exception {
        start();
        upstream.on("/age", r -> Reply.ok("a").header("Cache-Control", "max-age=600").header("Age", "30"));
        get("/age");
        awaitStores(1);
        advance(Duration.ofSeconds(5));
        HttpResponse<byte[]> hit = get("/age");
        assertEquals("HIT", header(hit, "X-Cache"));
        assertEquals("35", header(hit, "Age"));
        advance(Duration.ofSeconds(7));
        assertEquals("42", header(get("/age"), "Age"));
    }

    @Test
    void rfc9111_5_1_malformedAgeIsIgnoredAndAListCountsItsFirstValue() throws Exception {
        start();
        upstream.on("/neg", r -> Reply.ok("a").header("Cache-Control", "max-age=3600").header("Age", "-7200"));
        upstream.on("/two-old", r -> Reply.ok("a").header("Cache-Control", "max-age=3600").header("Age", "7200")
                .header("Age", "0"));
        upstream.on("/list-old", r -> Reply.ok("a").header("Cache-Control", "max-age=3600").header("Age", "7200, 0"));
        upstream.on("/two-young", r -> Reply.ok("a").header("Cache-Control", "max-age=3600").header("Age", "0")
                .header("Age", "7200"));
        upstream.on("/list-young", r -> Reply.ok("a").header("Cache-Control", "max-age=3600")
                .header("Age", "0, 7200"));
        for (String p : new String[] {"/neg", "/two-young", "/list-young", "/two-old", "/list-old"}) {
            get(p);
        }
        awaitStores(3);
        assertEquals("HIT", header(get("/neg"), "X-Cache"));
        assertEquals("HIT", header(get("/two-young"), "X-Cache"));
        assertEquals("HIT", header(get("/list-young"), "X-Cache"));
        assertEquals("MISS", header(get("/two-old"), "X-Cache"), "older than its max-age on arrival");
        assertEquals("MISS", header(get("/list-old"), "X-Cache"));
    }

    @Test
    void rfc9110_6_6_1_theOriginsDateIsKeptOnStoredResponses() throws Exception {
        start();
        String originDate = date(clock, -2);
        upstream.on("/date", r -> Reply.ok("d").header("Cache-Control", "max-age=600").header("Date", originDate));
        assertEquals(java.util.List.of(originDate), headers(get("/date"), "Date"));
        awaitStores(1);
        advance(Duration.ofSeconds(30));
        HttpResponse<byte[]> hit = get("/date");
        assertEquals("HIT", header(hit, "X-Cache"));
        assertEquals(java.util.List.of(originDate), headers(hit, "Date"), "one Date, the origin's, not updated");
    }

    @Test
    void rfc9110_6_6_1_aResponseWithoutDateGetsOneAndKeepsIt() throws Exception {
        start();
        upstream.on("/nodate", r -> Reply.ok("d").header("Cache-Control", "max-age=600").withoutDate());
        String first = header(get("/nodate"), "Date");
        assertTrue(first != null && dev.strata.internal.http.HttpDates.parse(first) != Long.MIN_VALUE, first);
        awaitStores(1);
        advance(Duration.ofSeconds(30));
        assertEquals(first, header(get("/nodate"), "Date"));
    }

    @Test
    void rfc9111_4_2_2_heuristicFreshnessIsATenthOfTheLastModifiedAge() throws Exception {
        start();
        upstream.on("/h", r -> Reply.ok("h").header("Last-Modified", date(clock, -10 * 3600)));
        get("/h");
        awaitStores(1);
        advance(Duration.ofMinutes(59));
        assertStored(get("/h"));
        advance(Duration.ofMinutes(2));
        get("/h");
        assertEquals(2, upstream.count("/h"));
    }

    @Test
    void rfc9111_4_2_2_heuristicsMustNotBeUsedForStatusesNotHeuristicallyCacheable() throws Exception {
        start();
        for (int status : new int[] {201, 403, 500, 503, 599}) {
            String path = "/nh" + status;
            upstream.on(path, r -> Reply.ok("e").statusCode(status).header("Last-Modified", date(clock, -100_000)));
            get(path);
            get(path);
            assertEquals(2, upstream.count(path), "status " + status);
        }
    }

    @Test
    void rfc9111_4_2_2_publicMakesAnyStatusHeuristicallyCacheable() throws Exception {
        start("cacheableStatuses", "200-599");
        upstream.on("/pub", r -> Reply.ok("e").statusCode(599).header("Cache-Control", "public")
                .header("Last-Modified", date(clock, -100_000)));
        get("/pub");
        awaitStores(1);
        HttpResponse<byte[]> hit = get("/pub");
        assertEquals(599, hit.statusCode());
        assertEquals("HIT", header(hit, "X-Cache"));
    }

    @Test
    void heuristicFreshnessCanBeSwitchedOff() throws Exception {
        start("heuristicFreshness", "false");
        upstream.on("/h", r -> Reply.ok("h").header("Last-Modified", date(clock, -10 * 3600)));
        get("/h");
        get("/h");
        assertEquals(2, upstream.count("/h"));
    }

    @Test
    void rfc9111_3_responsesWithoutFreshnessOrValidatorAreNotReused() throws Exception {
        start();
        upstream.on("/none", r -> Reply.ok("n"));
        get("/none");
        get("/none");
        assertEquals(2, upstream.count("/none"));
    }

    @Test
    void rfc9111_3_anyFinalStatusWithExplicitFreshnessMayBeStored() throws Exception {
        start("cacheableStatuses", "200-599");
        int[] statuses = {200, 203, 204, 299, 301, 302, 303, 307, 308, 400, 404, 410, 499, 500, 502, 503, 504, 599};
        for (int status : statuses) {
            upstream.on("/st" + status, r -> Reply.ok(status == 204 ? "" : "s" + status).statusCode(status)
                    .header("Cache-Control", "max-age=3600").header("Location", "/elsewhere"));
            assertEquals(status, get("/st" + status).statusCode());
        }
        awaitStores(statuses.length);
        for (int status : statuses) {
            HttpResponse<byte[]> hit = get("/st" + status);
            assertEquals(status, hit.statusCode());
            assertEquals("HIT", header(hit, "X-Cache"), "status " + status);
            assertEquals(status == 204 ? "" : "s" + status, text(hit));
        }
    }

    @Test
    void onlyStatusesCacheableByDefaultAreStoredByDefaultEvenWithExplicitFreshness() throws Exception {
        start();
        // errors (CPDoS) and statuses RFC 9110 §15.1 does not make cacheable by default
        for (int status : new int[] {201, 302, 307, 400, 404, 500}) {
            String path = "/e" + status;
            upstream.on(path, r -> Reply.ok("e").statusCode(status).header("Location", "/x")
                    .header("Cache-Control", "max-age=3600"));
            get(path);
            get(path);
            assertEquals(2, upstream.count(path), "status " + status);
        }
        upstream.on("/moved", r -> Reply.ok("r").statusCode(301).header("Location", "/x")
                .header("Cache-Control", "max-age=3600"));
        get("/moved");
        awaitStores(1);
        assertStored(get("/moved"));
    }

    @Test
    void aListedStatusIsStoredWithExplicitFreshness() throws Exception {
        start("cacheableStatuses", "200,302");
        upstream.on("/redirect", r -> Reply.ok("r").statusCode(302).header("Location", "/x")
                .header("Cache-Control", "max-age=3600"));
        get("/redirect");
        awaitStores(1);
        assertStored(get("/redirect"));
    }

    @Test
    void rfc9111_3_staleResponsesOfAnyStatusMustNotBeReused() throws Exception {
        start("cacheableStatuses", "200-599");
        for (int status : new int[] {200, 301, 404, 500}) {
            String path = "/stale" + status;
            upstream.on(path, r -> Reply.ok("s").statusCode(status).header("Expires", date(clock, -5000)));
            get(path);
            get(path);
            assertEquals(2, upstream.count(path), "status " + status);
        }
    }

    @Test
    void errorsAreNeverStoredOnTheCachesOwnGuess() throws Exception {
        start("defaultTtl", "1h");
        upstream.on("/404", r -> Reply.ok("nf").statusCode(404));
        upstream.on("/200", r -> Reply.ok("ok"));
        get("/404");
        get("/404");
        assertEquals(2, upstream.count("/404"));
        get("/200");
        awaitStores(1);
        assertEquals("HIT", header(get("/200"), "X-Cache"), "defaultTtl applies to non-errors");
    }

    @Test
    void rfc9111_3_partialContentIsNeverStored() throws Exception {
        start();
        upstream.on("/range", r -> Reply.ok("01234").statusCode(206).header("Cache-Control", "max-age=3600")
                .header("Content-Range", "bytes 4-8/10"));
        assertEquals(206, get("/range", "Range", "bytes=-5").statusCode());
        get("/range", "Range", "bytes=-5");
        assertEquals(2, upstream.count("/range"));
        assertTrue(header(get("/range"), "Cache-Status").contains("fwd=uri-miss"));
    }
}
