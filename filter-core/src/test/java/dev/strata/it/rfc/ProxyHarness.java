package dev.strata.it.rfc;

import dev.strata.StrataFilter;
import dev.strata.testing.Await;
import dev.strata.testing.Http;
import dev.strata.testing.MutableClock;
import dev.strata.testing.OneMemberCluster;
import dev.strata.testing.ProxyServer;
import dev.strata.testing.Upstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * RFC requirement tests run over real HTTP through Strata in reverse-proxy mode: a client, Jetty's
 * proxy servlet with StrataFilter in front of it, a scripted upstream Jetty, and a one-member
 * Hazelcast cluster behind tier 2, all on loopback. The filter's clock and the upstream's
 * {@code Date} share one {@link MutableClock}, so freshness is tested by moving the clock.
 */
abstract class ProxyHarness extends OneMemberCluster {

    MutableClock clock;
    Upstream upstream;
    StrataFilter filter;
    ProxyServer proxy;
    String mapName;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Starts upstream and proxy; extra init-params as name/value pairs. */
    void start(String... params) throws Exception {
        clock = new MutableClock(System.currentTimeMillis() / 1000 * 1000);
        upstream = Upstream.start(clock);
        Map<String, String> init = new HashMap<>();
        init.put("hazelcastInstance", members.name(0));
        mapName = freshMapName("rfc");
        init.put("tier2Map", mapName);
        // the cluster spaces two writers' writes of a key by minWriteInterval of real time, while
        // these tests move only the shared clock: a validation seconds later on that clock comes
        // milliseconds later in real time
        init.put("minWriteInterval", "0");
        for (int i = 0; i < params.length; i += 2) {
            init.put(params[i], params[i + 1]);
        }
        filter = new StrataFilter(clock);
        proxy = ProxyServer.start(filter, init, upstream.base());
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        return Http.get(proxy.uri(path), headers);
    }

    HttpResponse<byte[]> send(String method, String path, String... headers) {
        return Http.send(method, proxy.uri(path), headers);
    }

    /** Waits until the filter has stored {@code n} responses in all (writes run in the background). */
    void awaitStores(long n) {
        Await.until(n + " stores", Duration.ofSeconds(10), () -> filter.stats().stores() >= n);
    }

    /** The responses tier 2 holds (indexes left out), decoded. */
    java.util.List<dev.strata.internal.entry.CachedResponse> tier2Responses() {
        java.util.List<dev.strata.internal.entry.CachedResponse> out = new java.util.ArrayList<>();
        com.hazelcast.map.IMap<String, byte[]> map = members.member(0).getMap(mapName);
        for (byte[] data : map.values()) {
            try {
                if (dev.strata.internal.entry.EntryCodec.decode(data, null)
                        instanceof dev.strata.internal.entry.CachedResponse r) {
                    out.add(r);
                }
            } catch (dev.strata.internal.entry.CorruptEntryException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** Moves the shared clock. */
    void advance(Duration d) {
        clock.advance(d);
    }

    /** Asserts the response came from a tier (tier 1 {@code HIT} or tier 2 {@code KV}), not the origin. */
    static void assertStored(HttpResponse<?> r) {
        String xCache = header(r, "X-Cache");
        org.junit.jupiter.api.Assertions.assertTrue("HIT".equals(xCache) || "KV".equals(xCache),
                "served from cache, but X-Cache is " + xCache + ", Cache-Status " + header(r, "Cache-Status"));
    }

    static String header(HttpResponse<?> r, String name) {
        return Http.header(r, name);
    }

    static List<String> headers(HttpResponse<?> r, String name) {
        return r.headers().allValues(name);
    }

    static String text(HttpResponse<byte[]> r) {
        return Http.text(r);
    }

    static String date(MutableClock clock, long offsetSeconds) {
        return dev.strata.internal.http.HttpDates.format(clock.millis() + offsetSeconds * 1000);
    }
}
