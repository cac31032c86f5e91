package dev.strata.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.strata.InitParam;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.Headers;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What the benchmarks share: a typical stored response, the default keyed fields, a loopback member. */
final class Fixtures {
    static final String URI = "/api/catalog/item-4711";
    private static final AtomicInteger MEMBERS = new AtomicInteger();

    private Fixtures() {
    }

    /** The default {@code keyedHeaders}, as the filter parses them. */
    static List<String> defaultKeyedHeaders() {
        return Arrays.asList(InitParam.KEYED_HEADERS.defaultValue().split(","));
    }

    /** Deterministic body bytes. */
    static byte[] body(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** The fields a typical JSON origin response stores (what Strata keeps after dropping hop-by-hop ones). */
    static Headers typicalHeaders() {
        return Headers.of("Cache-Control", "public, max-age=3600", "ETag", "\"5d8c72a5edda8d6a\"",
                "Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT", "Date", "Fri, 27 Nov 2026 07:00:00 GMT",
                "Content-Type", "application/json");
    }

    /** A fresh response stored under {@code key} with a {@code size}-byte body. */
    static CachedResponse response(String key, int size, long now) {
        return new CachedResponse(key, 200, typicalHeaders(), body(size), now, 0, now + 3_600_000, 0,
                new String[0], new String[0], 0, 0);
    }

    /** A one-member Hazelcast cluster on 127.0.0.1, TCP-IP join to itself, nothing else on. */
    static HazelcastInstance member() {
        String name = "strata-bench-" + ProcessHandle.current().pid() + "-" + MEMBERS.incrementAndGet();
        Config config = new Config().setInstanceName(name).setClusterName(name)
                .setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "none")
                .setProperty("hazelcast.socket.bind.any", "false")
                .setProperty("hazelcast.shutdownhook.enabled", "false");
        config.getNetworkConfig().setPort(15_900).setPortAutoIncrement(true).setPortCount(100);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return Hazelcast.newHazelcastInstance(config);
    }
}
