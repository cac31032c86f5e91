package dev.strata.internal.coordination;

import dev.strata.internal.tier.CircuitBreaker;

/**
 * A cluster write coordinator behind the tier-2 circuit breaker: one breaker for the one cluster.
 * While it is open, claims fail at once (the caller fails open: origin, tier 1 only); a claim that
 * fails or times out counts as a failure like a failed tier-2 call, and a claim that gets an
 * answer (claimed, busy, uncacheable) as a success, so a half-open probe can be a claim too.
 * Releases are fire-and-forget and not counted.
 */
public final class GuardedCoordinator implements WriteCoordinator {
    private final WriteCoordinator delegate;
    private final CircuitBreaker breaker;

    /**
     * @param delegate the cluster coordinator
     * @param breaker the breaker shared with tier 2
     */
    public GuardedCoordinator(WriteCoordinator delegate, CircuitBreaker breaker) {
        this.delegate = delegate;
        this.breaker = breaker;
    }

    @Override
    public Claim claim(String key) throws CoordinationException {
        if (!breaker.allow()) {
            throw new CoordinationException("cluster circuit open", null);
        }
        boolean answered = false;
        try {
            Claim claim = delegate.claim(key);
            answered = true;
            return claim;
        } finally {
            if (answered) {
                breaker.success();
            } else {
                breaker.failure();
            }
        }
    }

    @Override
    public void release(Claim claim, Outcome outcome) {
        delegate.release(claim, outcome);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean fenced() {
        return delegate.fenced();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
