package dev.strata.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForcedRefreshLimiterTest {
    @Test
    void oneRefreshPerKeyPerInterval() {
        ForcedRefreshLimiter limiter = new ForcedRefreshLimiter(1_000);
        assertTrue(limiter.allow("a", 10_000));
        assertFalse(limiter.allow("a", 10_999));
        assertTrue(limiter.allow("b", 10_999));
        assertTrue(limiter.allow("a", 11_000));
    }

    @Test
    void zeroIntervalNeverLimits() {
        ForcedRefreshLimiter limiter = new ForcedRefreshLimiter(0);
        assertTrue(limiter.allow("a", 1));
        assertTrue(limiter.allow("a", 1));
    }

    @Test
    void manyKeysStayBounded() {
        ForcedRefreshLimiter limiter = new ForcedRefreshLimiter(1_000);
        for (int i = 0; i < 30_000; i++) {
            assertTrue(limiter.allow("k" + i, i));
        }
        assertFalse(limiter.allow("k29999", 29_999));
    }
}
