package dev.strata.it;

import static dev.strata.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.CacheStats;
import dev.strata.testing.Await;
import dev.strata.testing.ClusterNodes;
import dev.strata.testing.Http;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Micrometer meters and the JMX MBean after a scripted sequence of requests. */
class ObservabilityTest {

    /** Gives the filter a fresh registry the test can read. */
    public static final class Registry implements Supplier<MeterRegistry> {
        static volatile SimpleMeterRegistry last;

        @Override
        public MeterRegistry get() {
            last = new SimpleMeterRegistry();
            return last;
        }
    }

    private static double count(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).counter().count();
    }

    private static double gauge(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).gauge().value();
    }

    @Test
    void metersAndMBeanAfterAScriptedSequence() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(1, Clock.systemUTC(), "metrics", Registry.class.getName(),
                "tier2Timeout", "2s")) {
            MeterRegistry meters = Registry.last;
            // miss, store, hit, hit, miss, store, bypass (method), bypass (session cookie), purge, miss
            nodes.get(0, "/api/tagged/m1?sk=m");
            Await.until("stored", () -> nodes.filter(0).stats().stores() == 1);
            assertEquals("HIT", header(nodes.get(0, "/api/tagged/m1?sk=m"), "X-Cache"));
            assertEquals("HIT", header(nodes.get(0, "/api/tagged/m1?sk=m"), "X-Cache"));
            nodes.get(0, "/api/tagged/m2");
            Await.until("stored", () -> nodes.filter(0).stats().stores() == 2);
            Http.send("POST", nodes.uri(0, "/api/tagged/m3"), "Host", ClusterNodes.SITE);
            nodes.get(0, "/api/tagged/m4", "Cookie", "JSESSIONID=abc");
            nodes.filter(0).purgeTags(List.of("m"), false);
            assertEquals("MISS", header(nodes.get(0, "/api/tagged/m1?sk=m"), "X-Cache"));
            Await.until("stored again", () -> nodes.filter(0).stats().stores() == 3);

            assertEquals(3, count(meters, "strata.requests", "outcome", "miss", "tier", "origin"));
            assertEquals(2, count(meters, "strata.requests", "outcome", "hit", "tier", "tier1"));
            assertEquals(0, count(meters, "strata.requests", "outcome", "hit", "tier", "tier2"));
            assertEquals(2, count(meters, "strata.requests", "outcome", "bypass", "tier", "origin"));
            assertEquals(0, count(meters, "strata.requests", "outcome", "coalesced", "tier", "tier1"));
            assertEquals(0, count(meters, "strata.requests", "outcome", "stale", "tier", "tier1"));
            assertEquals(3, meters.get("strata.stores").counter().count());
            assertEquals(1, count(meters, "strata.purges", "scope", "tags", "mode", "hard"));
            assertEquals(0, count(meters, "strata.errors", "tier", "tier2"));
            assertEquals(3, meters.get("strata.origin.fetch").timer().count());
            // each lookup tier 1 did not answer read tier 2 (the three misses at least)
            assertTrue(meters.get("strata.tier2.read").timer().count() >= 3);
            // 5 cached lookups (7 requests, 2 bypassed): 2 tier-1 hits, 0 of the 3 others from tier 2
            assertEquals(2.0 / 5, gauge(meters, "strata.hit.ratio", "tier", "tier1"), 1e-9);
            assertEquals(0, gauge(meters, "strata.hit.ratio", "tier", "tier2"), 1e-9);
            assertEquals(3.0 / 5, gauge(meters, "strata.origin.fallthrough.ratio"), 1e-9);
            assertEquals(0, gauge(meters, "strata.circuit.state", "tier", "tier2"));
            Await.until("tier-1 entry count", () -> gauge(meters, "strata.entries", "tier", "tier1") == 2);
            assertTrue(gauge(meters, "strata.bytes", "tier", "tier1") > 0);
            assertEquals(0, meters.get("strata.store.drops").tags("reason", "queue-full").functionCounter().count());
            assertEquals("strata", meters.get("strata.stores").counter().getId().getTag("filter"));

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName("dev.strata:type=Cache,name=strata,*"), null);
            assertEquals(1, names.size(), names.toString());
            ObjectName name = names.iterator().next();
            CacheStats stats = nodes.filter(0).stats();
            assertEquals(stats.requests(), (Long) server.getAttribute(name, "Requests"));
            assertEquals(2L, server.getAttribute(name, "Tier1Hits"));
            assertEquals(3L, server.getAttribute(name, "Misses"));
            assertEquals(1L, server.getAttribute(name, "Purges"));
            assertEquals("CLOSED", server.getAttribute(name, "Tier2Circuit"));
            assertEquals(2.0 / 5, (Double) server.getAttribute(name, "Tier1HitRatio"), 1e-9);
            assertEquals(3L, server.getAttribute(name, "OriginFetches"));
            assertTrue((Double) server.getAttribute(name, "OriginFetchMeanMillis") > 0);
        }
        assertTrue(ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("dev.strata:type=Cache,name=strata,*"), null).isEmpty(),
                "the MBean goes with the filter");
    }
}
