package dev.strata.internal.coordination;

import com.hazelcast.core.HazelcastInstance;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

/**
 * Picks the write coordinator and namespace version store for a filter, from the
 * {@code coordinator} init-param and what the cluster offers, and logs the choice once.
 *
 * @param coordinator one writer per key
 * @param versions the namespace version
 */
public record Coordination(WriteCoordinator coordinator, NamespaceVersion versions) {
    private static final Logger LOG = System.getLogger("dev.strata");

    /** Per-node only: no tier 2, or {@code coordinator=local}. */
    public static Coordination local() {
        return new Coordination(new LocalCoordinator(), new LocalNamespaceVersion());
    }

    /**
     * @param mode {@code auto}, {@code cp}, {@code lease} or {@code local}
     * @param hazelcast the cluster, or {@code null} when tier 2 is off
     * @param mapName the tier-2 map, which names the coordination structures
     * @param lease how long a claim lasts
     * @param uncacheable how long a not-storable key is not waited for
     * @param timeout bound on one coordinator call
     * @param minInterval minimum time between two writers' tier-2 writes of a key
     * @param versionCacheTime how long a node trusts its namespace version
     * @param cpStripes number of CP locks
     * @param clock time source
     * @throws IllegalArgumentException when {@code cp} is asked for and the cluster has no CP
     */
    public static Coordination choose(String mode, HazelcastInstance hazelcast, String mapName, Duration lease,
            Duration uncacheable, Duration timeout, Duration minInterval, Duration versionCacheTime, int cpStripes,
            Clock clock) {
        if (hazelcast == null || mode.equals("local")) {
            LOG.log(Level.INFO, "Strata coordinator: local (one writer per key per node)");
            return local();
        }
        boolean cp = mode.equals("cp") || mode.equals("auto") && CpCoordinator.available(hazelcast);
        if (mode.equals("cp") && !CpCoordinator.available(hazelcast)) {
            throw new IllegalArgumentException("coordinator 'cp' needs a cluster with 3 or more CP members");
        }
        String topic = mapName + ".versions";
        Coordination chosen;
        if (cp) {
            chosen = new Coordination(
                    new CpCoordinator(hazelcast, "strata." + mapName + ".lock.", cpStripes, timeout),
                    new ClusterNamespaceVersion(hazelcast, topic,
                            new CpVersionCounter(hazelcast, "strata." + mapName + ".version", timeout.toMillis()),
                            versionCacheTime, clock));
        } else {
            chosen = new Coordination(
                    new LeaseCoordinator(hazelcast, mapName + ".leases", lease, uncacheable, timeout, minInterval),
                    new ClusterNamespaceVersion(hazelcast, topic,
                            new MapVersionCounter(hazelcast, mapName + ".versions", timeout.toMillis()),
                            versionCacheTime, clock));
        }
        LOG.log(Level.INFO, "Strata coordinator: {0} (one writer per key in the cluster)", chosen.coordinator().name());
        return chosen;
    }
}
