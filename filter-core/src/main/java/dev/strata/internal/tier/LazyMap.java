package dev.strata.internal.tier;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.function.Supplier;

/**
 * An {@code IMap} proxy obtained on first use. A Hazelcast client cannot create proxies while it is
 * not connected (it throws {@code HazelcastClientOfflineException}): the filter starts anyway, and
 * each call made before the cluster is there fails like any other tier call, at once.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LazyMap<K, V> implements Supplier<IMap<K, V>> {
    private final HazelcastInstance hazelcast;
    private final String name;
    private volatile IMap<K, V> map;

    /**
     * @param hazelcast member or client
     * @param name the map's name
     */
    public LazyMap(HazelcastInstance hazelcast, String name) {
        this.hazelcast = hazelcast;
        this.name = name;
    }

    /** The proxy; throws what Hazelcast throws while it cannot be created. */
    @Override
    public IMap<K, V> get() {
        IMap<K, V> m = map;
        if (m == null) {
            m = hazelcast.getMap(name);
            map = m;
        }
        return m;
    }

    /** The map's name. */
    public String name() {
        return name;
    }
}
