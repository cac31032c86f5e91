package dev.strata.internal.coordination;

import dev.strata.internal.tier.CircuitBreaker;

/**
 * The namespace version counter behind the tier-2 circuit breaker: skipped at once while it is
 * open, and its failures and timeouts count like tier-2 failures.
 */
public final class GuardedCounter implements ClusterNamespaceVersion.Counter {
    private final ClusterNamespaceVersion.Counter delegate;
    private final CircuitBreaker breaker;

    /**
     * @param delegate the cluster counter
     * @param breaker the breaker shared with tier 2
     */
    public GuardedCounter(ClusterNamespaceVersion.Counter delegate, CircuitBreaker breaker) {
        this.delegate = delegate;
        this.breaker = breaker;
    }

    @Override
    public long get(long floor) throws Exception {
        return guarded(false, floor);
    }

    @Override
    public long incrementAndGet(long floor) throws Exception {
        return guarded(true, floor);
    }

    private long guarded(boolean increment, long floor) throws Exception {
        if (!breaker.allow()) {
            throw new CoordinationException("cluster circuit open", null);
        }
        boolean answered = false;
        try {
            long value = increment ? delegate.incrementAndGet(floor) : delegate.get(floor);
            answered = true;
            return value;
        } finally {
            if (answered) {
                breaker.success();
            } else {
                breaker.failure();
            }
        }
    }
}
