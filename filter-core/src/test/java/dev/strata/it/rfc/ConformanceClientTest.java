package dev.strata.it.rfc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.testing.Upstream.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Requests shaped like those of common HTTP-cache conformance clients, which send
 * {@code Pragma: foo} and {@code Cache-Control: nothing-to-see-here} on every request (to keep
 * browser caches out of the way) plus per-request bookkeeping fields. None of that may change
 * what the cache does.
 */
class ConformanceClientTest extends ProxyHarness {
    private int request;

    private HttpResponse<byte[]> fetch(String path, String... extra) {
        String[] headers = new String[extra.length + 8];
        headers[0] = "Pragma";
        headers[1] = "foo";
        headers[2] = "Cache-Control";
        headers[3] = "nothing-to-see-here";
        headers[4] = "Test-ID";
        headers[5] = "some-test";
        headers[6] = "Req-Num";
        headers[7] = Integer.toString(++request);
        System.arraycopy(extra, 0, headers, 8, extra.length);
        return get(path, headers);
    }

    @Test
    void unknownRequestDirectivesAndPragmaExtensionsChangeNothing() throws Exception {
        start();
        upstream.on("/c", r -> Reply.ok("c").header("Cache-Control", "max-age=3600"));
        fetch("/c");
        assertStored(fetch("/c"));
    }

    @Test
    void rfc9111_5_2_1_directivesOnASecondCacheControlLineCount() throws Exception {
        start();
        upstream.on("/n", r -> Reply.ok("n").header("Cache-Control", "max-age=3600"));
        fetch("/n");
        awaitStores(1);
        fetch("/n", "Cache-Control", "no-store");
        fetch("/n", "Cache-Control", "only-if-cached");
        assertEquals(2, upstream.count("/n"));
        assertEquals(504, fetch("/other", "Cache-Control", "only-if-cached").statusCode());
    }

    @Test
    void rfc9111_4_3_validationAfterAPauseWithTheClientsBookkeepingFields() throws Exception {
        start();
        upstream.on("/v", r -> "\"x\"".equals(r.header("If-None-Match")) ? Reply.status(304)
                .header("Cache-Control", "max-age=2, must-revalidate").header("ETag", "\"x\"")
                : Reply.ok("v").header("Cache-Control", "max-age=2, must-revalidate").header("ETag", "\"x\""));
        fetch("/v");
        assertStored(fetch("/v"));
        advance(Duration.ofSeconds(3));
        HttpResponse<byte[]> validated = fetch("/v");
        assertEquals(200, validated.statusCode());
        assertEquals("v", text(validated));
        assertEquals("\"x\"", upstream.last("/v").header("If-None-Match"));
    }
}
