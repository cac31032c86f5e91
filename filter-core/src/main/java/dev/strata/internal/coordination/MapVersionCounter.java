package dev.strata.internal.coordination;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.strata.StrataMemberConfig;
import dev.strata.internal.tier.HazelcastConnector;
import dev.strata.internal.tier.LazyMap;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A namespace version counter without CP: an entry of a map with one synchronous backup and no
 * expiry (a counter that reset would bring purged entries back), incremented by an entry processor
 * on its partition owner and read the same way, never from a backup that may lag.
 */
public final class MapVersionCounter implements ClusterNamespaceVersion.Counter {
    private static final String NAMESPACE = "namespace";
    private final LazyMap<String, Long> map;
    private final long timeoutMillis;
    private final String key;

    /**
     * The namespace version counter.
     *
     * @param hazelcast the cluster
     * @param mapName the counter map
     * @param timeoutMillis bound on one call
     */
    public MapVersionCounter(HazelcastInstance hazelcast, String mapName, long timeoutMillis) {
        this(hazelcast, mapName, timeoutMillis, NAMESPACE);
    }

    /**
     * Another counter in the same map (the purge sequence).
     *
     * @param key the counter's entry
     */
    public MapVersionCounter(HazelcastInstance hazelcast, String mapName, long timeoutMillis, String key) {
        this.key = key;
        HazelcastConnector.ensureMapConfig(hazelcast, StrataMemberConfig.versionMapConfig(mapName));
        this.map = new LazyMap<>(hazelcast, mapName);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public long get(long floor) throws Exception {
        return map.get().submitToKey(key, new Advance(floor, 0)).toCompletableFuture()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public long incrementAndGet(long floor) throws Exception {
        return map.get().submitToKey(key, new Advance(floor, 1)).toCompletableFuture()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Raises the counter to {@code floor}, then adds {@code delta}; writes only when it changed. */
    private static final class Advance implements EntryProcessor<String, Long, Long>, DataSerializable {
        private static final long serialVersionUID = 2L;
        private long floor;
        private long delta;

        /** For deserialization only. */
        Advance() {
        }

        Advance(long floor, long delta) {
            this.floor = floor;
            this.delta = delta;
        }

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            Long current = entry.getValue();
            long before = current == null ? 0 : current;
            long value = Math.max(before, floor) + delta;
            if (value != before) {
                entry.setValue(value);
            }
            return value;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(floor);
            out.writeLong(delta);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            floor = in.readLong();
            delta = in.readLong();
        }
    }
}
