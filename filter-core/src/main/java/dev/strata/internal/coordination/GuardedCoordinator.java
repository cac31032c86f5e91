package dev.strata.internal.coordination;

import dev.strata.internal.tier.CircuitBreaker;
import dev.strata.internal.tier.MemberHealth;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * A cluster write coordinator behind the tier-2 circuit breaker: one breaker for the one cluster.
 * While it is open, claims fail at once (the caller fails open: origin, tier 1 only); a claim that
 * fails or times out counts as a failure like a failed tier-2 call, and a claim that gets an
 * answer (claimed, busy, uncacheable) as a success, so a half-open probe can be a claim too.
 * Releases are fire-and-forget and not counted.
 *
 * <p>With {@link MemberHealth} (the lease coordinator, whose leases live on the key's partition
 * owner), a claim for a key whose owner is stalled fails at once, and a claim that times out marks
 * the owner stalled, as tier-2 calls do.
 */
public final class GuardedCoordinator implements WriteCoordinator {
    private final WriteCoordinator delegate;
    private final CircuitBreaker breaker;
    private final MemberHealth members;

    /**
     * @param delegate the cluster coordinator
     * @param breaker the breaker shared with tier 2
     * @param members stalled members shared with tier 2, or {@code null} when claims do not go to
     *     the key's partition owner (CP)
     */
    public GuardedCoordinator(WriteCoordinator delegate, CircuitBreaker breaker, MemberHealth members) {
        this.delegate = delegate;
        this.breaker = breaker;
        this.members = members;
    }

    @Override
    public Claim claim(String key) throws CoordinationException {
        UUID owner = members == null ? null : members.owner(key);
        if (members != null && members.suspectOrUnprobed(owner)) {
            throw new CoordinationException("coordinator member " + owner + " stalled", null);
        }
        if (!breaker.allow()) {
            throw new CoordinationException("cluster circuit open", null);
        }
        try {
            Claim claim = delegate.claim(key);
            breaker.success();
            if (members != null) {
                members.answered(owner);
            }
            return claim;
        } catch (CoordinationException | RuntimeException | Error e) {
            if (members != null && e.getCause() instanceof TimeoutException) {
                members.timedOut(owner);
            }
            breaker.failure();
            throw e;
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
