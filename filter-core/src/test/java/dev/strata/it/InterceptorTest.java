package dev.strata.it;

import static dev.strata.testing.Http.header;
import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.spi.CacheEvent;
import dev.strata.spi.CacheInterceptor;
import dev.strata.spi.KeyComponents;
import dev.strata.spi.StoreCandidate;
import dev.strata.testing.Await;
import dev.strata.testing.ClusterNodes;
import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Interceptors listed by class name, on a real Jetty and cluster member. */
class InterceptorTest {

    /** Throws from every hook. */
    public static final class Throwing implements CacheInterceptor {
        @Override
        public boolean bypass(HttpServletRequest request) {
            throw new IllegalStateException("bypass broke");
        }

        @Override
        public void customizeKey(HttpServletRequest request, KeyComponents key) {
            key.add("half", "added");
            throw new IllegalStateException("key broke");
        }

        @Override
        public void beforeStore(HttpServletRequest request, StoreCandidate candidate) {
            candidate.veto();
            throw new IllegalStateException("store broke");
        }

        @Override
        public void onEvent(CacheEvent event) {
            throw new IllegalStateException("event broke");
        }
    }

    /** Keys by tenant, bypasses ?nocache, vetoes ?veto, tags everything, records events. */
    public static final class Tenant implements CacheInterceptor {
        static final List<CacheEvent> EVENTS = new CopyOnWriteArrayList<>();

        @Override
        public boolean bypass(HttpServletRequest request) {
            return request.getParameter("nocache") != null;
        }

        @Override
        public void customizeKey(HttpServletRequest request, KeyComponents key) {
            String tenant = request.getHeader("X-Tenant");
            key.add("tenant", tenant == null ? "" : tenant);
        }

        @Override
        public void beforeStore(HttpServletRequest request, StoreCandidate candidate) {
            if (request.getParameter("veto") != null) {
                candidate.veto();
            }
            candidate.addTag("tenant-" + request.getHeader("X-Tenant"));
            candidate.setTtl(Duration.ofSeconds(30));
        }

        @Override
        public void onEvent(CacheEvent event) {
            EVENTS.add(event);
        }
    }

    @Test
    void aThrowingInterceptorDoesNotBreakRequests() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(1, Clock.systemUTC(), "interceptors", Throwing.class.getName())) {
            HttpResponse<byte[]> miss = nodes.get(0, "/api/tagged/sturdy");
            assertEquals(200, miss.statusCode());
            assertEquals("MISS", header(miss, "X-Cache"));
            Await.until("stored despite the throwing interceptor's veto",
                    () -> nodes.filter(0).stats().stores() >= 1);
            HttpResponse<byte[]> hit = nodes.get(0, "/api/tagged/sturdy");
            assertEquals("HIT", header(hit, "X-Cache"), "its half-made key component was dropped too");
            assertEquals("/tagged/sturdy run 1", text(hit));
        }
    }

    @Test
    void interceptorsBypassKeyVetoTagAndObserve() throws Exception {
        Tenant.EVENTS.clear();
        try (ClusterNodes nodes = ClusterNodes.start(1, Clock.systemUTC(), "interceptors",
                Throwing.class.getName() + "," + Tenant.class.getName())) {
            assertEquals("BYPASS", header(nodes.get(0, "/api/tagged/t?nocache"), "X-Cache"));

            assertEquals("/tagged/t run 2", text(nodes.get(0, "/api/tagged/t", "X-Tenant", "a")));
            Await.until("stored", () -> nodes.filter(0).stats().stores() >= 1);
            assertEquals("HIT", header(nodes.get(0, "/api/tagged/t", "X-Tenant", "a"), "X-Cache"));
            HttpResponse<byte[]> otherTenant = nodes.get(0, "/api/tagged/t", "X-Tenant", "b");
            assertEquals("MISS", header(otherTenant, "X-Cache"), "the tenant is part of the key");
            assertTrue(header(nodes.get(0, "/api/tagged/t", "X-Tenant", "a"), "Cache-Status").contains("ttl=2"),
                    "the interceptor's 30 s lifetime replaced the origin's 60 s");

            nodes.get(0, "/api/tagged/v?veto", "X-Tenant", "a");
            assertEquals("MISS", header(nodes.get(0, "/api/tagged/v?veto", "X-Tenant", "a"), "X-Cache"), "vetoed");

            // the tag the interceptor added, and the URL purge reaching every tenant's key
            Await.until("tenant b stored", () -> "HIT".equals(header(nodes.get(0, "/api/tagged/t", "X-Tenant", "b"),
                    "X-Cache")));
            nodes.filter(0).purgeTags(List.of("tenant-a"), false);
            assertEquals("MISS", header(nodes.get(0, "/api/tagged/t", "X-Tenant", "a"), "X-Cache"));
            assertEquals("HIT", header(nodes.get(0, "/api/tagged/t", "X-Tenant", "b"), "X-Cache"));
            nodes.filter(0).purgeUrl("/api/tagged/t", false);
            assertEquals("MISS", header(nodes.get(0, "/api/tagged/t", "X-Tenant", "b"), "X-Cache"));

            List<CacheEvent.Outcome> outcomes = Tenant.EVENTS.stream().map(CacheEvent::outcome).toList();
            assertTrue(outcomes.contains(CacheEvent.Outcome.BYPASS), outcomes.toString());
            assertTrue(outcomes.contains(CacheEvent.Outcome.MISS), outcomes.toString());
            assertTrue(outcomes.contains(CacheEvent.Outcome.STORE), outcomes.toString());
            assertTrue(outcomes.contains(CacheEvent.Outcome.PURGE), outcomes.toString());
            CacheEvent hit = Tenant.EVENTS.stream().filter(e -> e.outcome() == CacheEvent.Outcome.HIT).findFirst()
                    .orElseThrow();
            assertEquals(CacheEvent.Tier.TIER1, hit.tier());
            assertTrue(hit.keyHash().matches("[0-9a-f]{16}"), hit.keyHash());
        }
    }
}
