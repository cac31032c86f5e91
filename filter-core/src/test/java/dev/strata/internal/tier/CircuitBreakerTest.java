package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.tier.CircuitBreaker.State;
import dev.strata.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final Duration OPEN = Duration.ofSeconds(5);
    private final MutableClock clock = new MutableClock(1_000_000);
    private final CircuitBreaker breaker = new CircuitBreaker(3, OPEN, clock);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.allow());
            breaker.failure();
        }
    }

    @Test
    void startsClosed() {
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.allow());
        assertTrue(breaker.allow());
    }

    @Test
    void staysClosedBelowThreshold() {
        fail(2);
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.allow());
    }

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        fail(3);
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.allow());
    }

    @Test
    void successResetsTheConsecutiveCount() {
        fail(2);
        breaker.success();
        fail(2);
        assertEquals(State.CLOSED, breaker.state());
        breaker.failure();
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void staysOpenForTheWholeDuration() {
        fail(3);
        clock.advance(OPEN.minusMillis(1));
        assertFalse(breaker.allow());
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void letsExactlyOneProbeThroughWhenTheDurationIsOver() {
        fail(3);
        clock.advance(OPEN);
        assertTrue(breaker.allow());
        assertEquals(State.HALF_OPEN, breaker.state());
        assertFalse(breaker.allow());
        clock.advance(Duration.ofHours(1));
        assertFalse(breaker.allow());
        assertEquals(State.HALF_OPEN, breaker.state());
    }

    @Test
    void successfulProbeCloses() {
        fail(3);
        clock.advance(OPEN);
        assertTrue(breaker.allow());
        breaker.success();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.allow());
        assertTrue(breaker.allow());
        // the count starts again from zero
        fail(2);
        assertEquals(State.CLOSED, breaker.state());
    }

    @Test
    void failedProbeReopensForAnotherFullDuration() {
        fail(3);
        clock.advance(OPEN);
        assertTrue(breaker.allow());
        clock.advance(Duration.ofSeconds(2));
        breaker.failure();
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.allow());
        clock.advance(OPEN.minusMillis(1));
        assertFalse(breaker.allow());
        clock.advance(Duration.ofMillis(1));
        assertTrue(breaker.allow());
        assertEquals(State.HALF_OPEN, breaker.state());
    }

    @Test
    void thresholdOfOneOpensOnFirstFailure() {
        CircuitBreaker one = new CircuitBreaker(1, OPEN, clock);
        one.failure();
        assertEquals(State.OPEN, one.state());
        assertFalse(one.allow());
    }

    @Test
    void lateFailuresWhileOpenKeepItOpen() {
        fail(3);
        clock.advance(Duration.ofSeconds(3));
        // a call let through before it opened fails late
        breaker.failure();
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.allow());
    }
}
