package dev.strata.internal.coordination;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataMemberConfig;
import dev.strata.internal.tier.CircuitBreaker;
import dev.strata.internal.tier.MemberHealth;
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
    /** The least time a node is given to learn whether the cluster has CP. */
    private static final Duration CP_PROBE_TIMEOUT = Duration.ofSeconds(5);

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
     * @param breaker the tier-2 circuit breaker, which the cluster coordinator and version counter
     *     share: one breaker for one cluster
     * @param members stalled members, shared with tier 2 by the lease coordinator
     * @throws IllegalArgumentException when {@code cp} is asked for and the cluster has no CP
     */
    public static Coordination choose(String mode, HazelcastInstance hazelcast, String mapName, Duration lease,
            Duration uncacheable, Duration timeout, Duration minInterval, Duration versionCacheTime, int cpStripes,
            Clock clock, CircuitBreaker breaker, MemberHealth members) {
        if (hazelcast == null || mode.equals("local")) {
            LOG.log(Level.INFO, "Strata coordinator: local (one writer per key per node)");
            return local();
        }
        String cpCounter = "strata." + mapName + ".version";
        // every node must reach the same answer: a client's first CP call may take a while, so it gets time
        boolean cpAvailable = !mode.equals("lease") && CpCoordinator.available(hazelcast, cpCounter,
                timeout.compareTo(CP_PROBE_TIMEOUT) > 0 ? timeout : CP_PROBE_TIMEOUT);
        if (mode.equals("cp") && !cpAvailable) {
            throw new IllegalArgumentException("coordinator 'cp' needs a cluster with 3 or more CP members");
        }
        boolean cp = cpAvailable && (mode.equals("cp") || mode.equals("auto"));
        String topic = mapName + ".versions";
        Coordination chosen;
        if (cp) {
            chosen = new Coordination(
                    new GuardedCoordinator(
                            new CpCoordinator(hazelcast, "strata." + mapName + ".lock.", cpStripes, timeout), breaker,
                            null),
                    new ClusterNamespaceVersion(hazelcast, topic, new GuardedCounter(
                            new CpVersionCounter(hazelcast, cpCounter, timeout.toMillis()),
                            breaker), versionCacheTime, clock));
        } else {
            chosen = new Coordination(
                    new GuardedCoordinator(new LeaseCoordinator(hazelcast, StrataMemberConfig.leaseMap(mapName), lease,
                            uncacheable, timeout, minInterval), breaker, members),
                    new ClusterNamespaceVersion(hazelcast, topic, new GuardedCounter(
                            new MapVersionCounter(hazelcast, StrataMemberConfig.versionMap(mapName), timeout.toMillis()),
                            breaker), versionCacheTime, clock));
        }
        LOG.log(Level.INFO, "Strata coordinator: {0} (one writer per key in the cluster)", chosen.coordinator().name());
        return chosen;
    }
}
