package dev.strata.internal.tier;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Skips a failing dependency at no cost: after {@code threshold} consecutive failures it opens for
 * {@code openDuration}; then one probe call is let through (half-open), whose outcome closes or
 * re-opens it.
 */
public final class CircuitBreaker {
    /** Breaker states, as shown in stats. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long openMillis;
    private final Clock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
    private volatile long openUntil;

    /**
     * @param threshold consecutive failures that open it
     * @param openDuration how long it stays open before a probe
     * @param clock time source
     */
    public CircuitBreaker(int threshold, Duration openDuration, Clock clock) {
        this.threshold = threshold;
        this.openMillis = openDuration.toMillis();
        this.clock = clock;
    }

    /** Whether a call may go through now; at most one probe passes while half-open. */
    public boolean allow() {
        State s = state.get();
        if (s == State.CLOSED) {
            return true;
        }
        if (s == State.OPEN && clock.millis() >= openUntil) {
            return state.compareAndSet(State.OPEN, State.HALF_OPEN);
        }
        return false;
    }

    /** Whether calls are being skipped now (open and not yet due for a probe); changes nothing. */
    public boolean skipping() {
        State s = state.get();
        return s == State.OPEN && clock.millis() < openUntil || s == State.HALF_OPEN;
    }

    /** Records a successful call. */
    public void success() {
        consecutiveFailures.set(0);
        state.set(State.CLOSED);
    }

    /** Records a failed or timed-out call. */
    public void failure() {
        int failures = consecutiveFailures.incrementAndGet();
        if (state.get() == State.HALF_OPEN || failures >= threshold) {
            openUntil = clock.millis() + openMillis;
            state.set(State.OPEN);
        }
    }

    /** The current state. */
    public State state() {
        return state.get();
    }
}
