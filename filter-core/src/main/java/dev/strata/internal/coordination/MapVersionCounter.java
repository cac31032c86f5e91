package dev.strata.internal.coordination;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A namespace version counter without CP: an entry of a map with one synchronous backup and no
 * expiry (a counter that reset would bring purged entries back), incremented by an entry processor
 * on its partition owner and read the same way, never from a backup that may lag.
 */
public final class MapVersionCounter implements ClusterNamespaceVersion.Counter {
    private static final String KEY = "namespace";
    private final IMap<String, Long> map;
    private final long timeoutMillis;

    /**
     * @param hazelcast the cluster
     * @param mapName the counter map
     * @param timeoutMillis bound on one call
     */
    public MapVersionCounter(HazelcastInstance hazelcast, String mapName, long timeoutMillis) {
        if (hazelcast.getConfig().getMapConfigOrNull(mapName) == null) {
            hazelcast.getConfig().addMapConfig(new MapConfig(mapName).setBackupCount(1).setAsyncBackupCount(0)
                    .setReadBackupData(false));
        }
        this.map = hazelcast.getMap(mapName);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public long get() throws Exception {
        return map.submitToKey(KEY, new Add(0)).toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public long incrementAndGet() throws Exception {
        return map.submitToKey(KEY, new Add(1)).toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Adds to the counter; {@code 0} only reads. */
    private static final class Add implements EntryProcessor<String, Long, Long> {
        private static final long serialVersionUID = 1L;
        private final long delta;

        Add(long delta) {
            this.delta = delta;
        }

        @Override
        public Long process(Map.Entry<String, Long> entry) {
            Long current = entry.getValue();
            long value = (current == null ? 0 : current) + delta;
            if (delta != 0) {
                entry.setValue(value);
            }
            return value;
        }
    }
}
