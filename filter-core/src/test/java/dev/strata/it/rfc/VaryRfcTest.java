package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** RFC 9111 §4.1 and RFC 9110 §12.5.5: Vary, through the proxy. */
class VaryRfcTest extends ProxyHarness {

    /** A path varying on {@code vary}, echoing the request's Foo, Bar and Baz. */
    private void varying(String path, String... vary) {
        upstream.on(path, r -> {
            Reply reply = Reply.ok("foo=" + r.header("Foo") + " bar=" + r.header("Bar") + " baz=" + r.header("Baz"))
                    .header("Cache-Control", "max-age=5000");
            for (String v : vary) {
                reply.header("Vary", v);
            }
            return reply;
        });
    }

    @Test
    void rfc9111_4_1_variantsAreKeptApart() throws Exception {
        start();
        varying("/v", "Foo");
        get("/v", "Foo", "1");
        awaitStores(1);
        get("/v", "Foo", "2");
        awaitStores(2);
        HttpResponse<byte[]> one = get("/v", "Foo", "1");
        HttpResponse<byte[]> two = get("/v", "Foo", "2");
        assertStored(one);
        assertStored(two);
        assertEquals("foo=1 bar=null baz=null", text(one));
        assertEquals("foo=2 bar=null baz=null", text(two));
        assertEquals(2, upstream.count("/v"));
    }

    /**
     * One write per {@code minWriteInterval} bounds each stored entry, not each URL: a second variant
     * stored right after the first is claimed under its own key, so it neither waits for the first
     * one's interval nor goes to the origin unstored.
     */
    @Test
    void eachVariantHasAWriterAndAWriteIntervalOfItsOwn() throws Exception {
        start("minWriteInterval", "60s", "coalesceTimeout", "1s");
        varying("/w", "Foo");
        get("/w", "Foo", "1");
        awaitStores(1);
        get("/w", "Foo", "2");
        awaitStores(2);
        assertStored(get("/w", "Foo", "2"));
        assertStored(get("/w", "Foo", "1"));
        assertEquals(2, upstream.count("/w"));
    }

    @Test
    void rfc9111_4_1_mustNotReuseWhenTheRequestOmitsAVaryingField() throws Exception {
        start();
        varying("/o", "Foo, Bar");
        get("/o", "Foo", "1", "Bar", "abc");
        awaitStores(1);
        HttpResponse<byte[]> omitted = get("/o", "Foo", "1");
        assertEquals(2, upstream.count("/o"));
        assertTrue(header(omitted, "Cache-Status").contains("fwd=vary-miss"), header(omitted, "Cache-Status"));
    }

    @Test
    void rfc9111_4_1_bothRequestsOmittingAFieldMatch() throws Exception {
        start();
        varying("/b", "Foo, Bar, Baz");
        get("/b", "Foo", "1", "Baz", "789");
        awaitStores(1);
        assertStored(get("/b", "Foo", "1", "Baz", "789"));
    }

    @Test
    void rfc9111_4_1_headersNotListedInVaryAreNotPartOfTheKey() throws Exception {
        start();
        varying("/k", "Foo");
        get("/k", "Foo", "1", "Other", "2");
        awaitStores(1);
        assertStored(get("/k", "Foo", "1", "Other", "3"));
    }

    @Test
    void rfc9110_12_5_5_varyListsAndRepeatedFieldsAndCaseAreOneSet() throws Exception {
        start();
        varying("/l", "foo", "BAR");
        get("/l", "Foo", "1", "Bar", "x");
        awaitStores(1);
        assertStored(get("/l", "fOO", "1", "bar", "x"));
        get("/l", "Foo", "1", "Bar", "y");
        assertEquals(2, upstream.count("/l"), "the second Vary line counts too");
    }

    @Test
    void rfc9111_4_1_whitespaceAndCombinedFieldLinesAreNormalised() throws Exception {
        start();
        varying("/n", "Foo");
        get("/n", "Foo", "1,2");
        awaitStores(1);
        assertStored(get("/n", "Foo", " 1, 2 "));
        assertStored(get("/n", "Foo", "1", "Foo", "2"));
        assertEquals(1, upstream.count("/n"));
    }

    @Test
    void rfc9111_4_1_varyStarMustNeverBeServedFromCache() throws Exception {
        start();
        for (String star : new String[] {"*", "Foo, *", ", *"}) {
            String path = "/star" + Math.abs(star.hashCode());
            varying(path, star);
            get(path, "Foo", "1");
            get(path, "Foo", "1");
            assertEquals(2, upstream.count(path), star);
        }
        varying("/star-lines", "Foo", "*");
        get("/star-lines", "Foo", "1");
        get("/star-lines", "Foo", "1");
        assertEquals(2, upstream.count("/star-lines"));
        assertEquals(0, filter.stats().stores());
    }

    @Test
    void aNewVariantDoesNotInvalidateAnotherOne() throws Exception {
        start();
        varying("/keep", "Foo");
        get("/keep", "Foo", "1");
        awaitStores(1);
        get("/keep", "Foo", "2");
        awaitStores(2);
        assertEquals("foo=1 bar=null baz=null", text(get("/keep", "Foo", "1")));
        assertEquals(2, upstream.count("/keep"));
    }

    @Test
    void variantsPerUrlAreBoundedOldestFirst() throws Exception {
        start("maxVariantsPerUrl", "2");
        varying("/many", "Foo");
        for (int i = 1; i <= 3; i++) {
            get("/many", "Foo", Integer.toString(i));
            awaitStores(i);
        }
        assertStored(get("/many", "Foo", "3"));
        assertStored(get("/many", "Foo", "2"));
        HttpResponse<byte[]> evicted = get("/many", "Foo", "1");
        assertTrue(header(evicted, "Cache-Status").contains("fwd=vary-miss"), header(evicted, "Cache-Status"));
        assertEquals(4, upstream.count("/many"));
    }
}
