package dev.strata.internal.coordination;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import java.util.concurrent.TimeUnit;

/** A namespace version counter on the CP subsystem: one {@link IAtomicLong}. */
public final class CpVersionCounter implements ClusterNamespaceVersion.Counter {
    private final IAtomicLong counter;
    private final long timeoutMillis;

    /**
     * @param hazelcast a member of a cluster with CP
     * @param name the counter's name
     * @param timeoutMillis bound on one call
     */
    public CpVersionCounter(HazelcastInstance hazelcast, String name, long timeoutMillis) {
        this.counter = hazelcast.getCPSubsystem().getAtomicLong(name);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public long get() throws Exception {
        return counter.getAsync().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public long incrementAndGet() throws Exception {
        return counter.incrementAndGetAsync().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
