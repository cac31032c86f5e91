package dev.strata.example.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.strata.example.demo.ExampleContract;
import dev.strata.example.demo.ExampleOptions;
import dev.strata.example.demo.ExampleServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The Tomcat example over real HTTP: Tomcat parsing the real WEB-INF/web.xml and scanning for
 * AnnotatedStrataFilter, with a one-member Hazelcast cluster, all on free ports of 127.0.0.1 (the
 * shared checks are in {@link ExampleContract}).
 */
class TomcatExampleTest extends ExampleContract {

    @Override
    protected ExampleServer start(ExampleOptions options) throws Exception {
        return TomcatExample.start(options);
    }

    @Override
    protected String filterName() {
        return TomcatExample.FILTER_NAME;
    }

    @Test
    void theInstanceNamePropertyIsRestoredAfterStart() {
        assertNull(System.getProperty(TomcatExample.INSTANCE_PROPERTY));
    }

    /**
     * Both filters run with tier 2: web.xml's got the instance name by ${...} substitution, the
     * annotated one from HazelcastInstanceListener.
     */
    @Test
    void bothFiltersUseTheHazelcastMember() {
        assertEquals("CLOSED", server.filter(TomcatExample.FILTER_NAME).stats().tier2Circuit());
        assertEquals("CLOSED", server.filter(TomcatExample.ANNOTATED_FILTER_NAME).stats().tier2Circuit());
    }

    /** AnnotatedStrataFilter, found by annotation scanning, on /api2/*. */
    @Test
    void annotatedFilterCachesApi2() throws Exception {
        assertSecondRequestIsHit(TomcatExample.ANNOTATED_FILTER_NAME, "/api2/catalog/7");
    }

    /**
     * The annotation's init-params reach AnnotatedStrataFilter: its maxEntryBytes is 256k, the
     * web.xml filter's 1m, so a 300 000-byte body is stored on /api/* only.
     */
    @Test
    void annotatedFilterHasItsOwnInitParams() throws Exception {
        String size = "?bytes=300000";
        long annotatedStoresBefore = stores(TomcatExample.ANNOTATED_FILTER_NAME);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> tooBig = getBytes("/api2/big" + size);
            assertEquals(200, tooBig.statusCode());
            assertEquals(300_000, tooBig.body().length);
            assertNotNull(tooBig.headers().firstValue("X-Cache").orElse(null), "behind the annotated filter");
            assertNotEquals("HIT", tooBig.headers().firstValue("X-Cache").orElse(null));
            assertNotEquals("KV", tooBig.headers().firstValue("X-Cache").orElse(null));
        }
        assertEquals(2, originCount("/api2/big"));

        assertEquals(0, stores(TomcatExample.ANNOTATED_FILTER_NAME) - annotatedStoresBefore, "too big to store");

        long storesBefore = stores(TomcatExample.FILTER_NAME);
        assertEquals("MISS", getBytes("/api/big" + size).headers().firstValue("X-Cache").orElse(null));
        awaitStore(TomcatExample.FILTER_NAME, storesBefore);
        HttpResponse<byte[]> stored = getBytes("/api/big" + size);
        assertEquals("HIT", stored.headers().firstValue("X-Cache").orElse(null));
        assertEquals(300_000, stored.body().length);
        assertEquals(1, originCount("/api/big"));
    }
}
