package dev.strata.internal.coordination;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataMemberConfig;
import dev.strata.internal.tier.HazelcastConnector;
import dev.strata.internal.tier.LazyMap;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One writer per key on open-source Hazelcast 5.5+ (no CP subsystem): leases kept in an
 * {@code IMap} with one synchronous backup, claimed and released by entry processors, which run
 * one at a time per key on the key's partition owner.
 */
public final class LeaseCoordinator implements WriteCoordinator {
    private static final Logger LOG = System.getLogger("dev.strata");
    private final LazyMap<String, LeaseState> leases;
    private final String owner = UUID.randomUUID().toString();
    private final long leaseMillis;
    private final long uncacheableMillis;
    private final long timeoutMillis;
    private final long minIntervalMillis;

    /**
     * @param hazelcast the cluster
     * @param mapName the lease map's name
     * @param lease how long a claim lasts unless released
     * @param uncacheable how long a key whose response was not storable is not waited for
     * @param timeout bound on one coordinator call
     * @param minInterval after a publish, how long claims answer busy (readers take that entry)
     */
    public LeaseCoordinator(HazelcastInstance hazelcast, String mapName, Duration lease, Duration uncacheable,
            Duration timeout, Duration minInterval) {
        HazelcastConnector.ensureMapConfig(hazelcast, mapConfig(mapName));
        this.leases = new LazyMap<>(hazelcast, mapName);
        this.leaseMillis = lease.toMillis();
        this.uncacheableMillis = uncacheable.toMillis();
        this.timeoutMillis = timeout.toMillis();
        this.minIntervalMillis = minInterval.toMillis();
    }

    /**
     * The lease map: a synchronous backup so fences survive the loss of a member; idle entries go
     * after an hour (fences stay monotonic, see {@link ClaimLease}).
     */
    public static MapConfig mapConfig(String mapName) {
        return StrataMemberConfig.leaseMapConfig(mapName);
    }

    @Override
    public Claim claim(String key) throws CoordinationException {
        long asked = System.currentTimeMillis();
        try {
            long answer = leases.get().submitToKey(key, new ClaimLease(owner, leaseMillis, minIntervalMillis))
                    .toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (answer == ClaimLease.BUSY) {
                return Claim.busy(key);
            }
            if (answer == ClaimLease.UNCACHEABLE) {
                return Claim.uncacheable(key);
            }
            return Claim.claimed(key, answer, asked);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new CoordinationException("lease claim failed: " + e, e);
        }
    }

    @Override
    public void release(Claim claim, Outcome outcome) {
        if (!claim.claimed()) {
            return;
        }
        try {
            leases.get().submitToKey(claim.key(), new ReleaseLease(owner, claim.fence(),
                    outcome == Outcome.UNCACHEABLE ? uncacheableMillis : 0, outcome == Outcome.PUBLISHED));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "lease release failed; the lease ends by itself", e);
        }
    }

    @Override
    public String name() {
        return "lease";
    }
}
