package dev.strata.internal.coordination;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IFunction;
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
    public long get(long floor) throws Exception {
        long value = counter.getAsync().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        if (value >= floor) {
            return value;
        }
        return counter.alterAndGetAsync(new Advance(floor, 0)).toCompletableFuture()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public long incrementAndGet(long floor) throws Exception {
        return counter.alterAndGetAsync(new Advance(floor, 1)).toCompletableFuture()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** {@code max(value, floor) + delta}, applied by the CP group. */
    private static final class Advance implements IFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final long floor;
        private final long delta;

        Advance(long floor, long delta) {
            this.floor = floor;
            this.delta = delta;
        }

        @Override
        public Long apply(Long value) {
            return Math.max(value == null ? 0 : value, floor) + delta;
        }
    }
}
