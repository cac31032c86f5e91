package dev.strata.internal.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.spi.CacheEvent;
import org.junit.jupiter.api.Test;

class TierDecisionLogTest {
    @Test
    void oneLineNamesTheDecisionTheTierAndTheKeyHashOnly() {
        TierDecisionLog log = new TierDecisionLog("strata");
        CacheEvent hit = new CacheEvent(CacheEvent.Outcome.HIT, CacheEvent.Tier.TIER2, null, 0, null,
                () -> "0123456789abcdef");
        assertEquals("strata decision=hit tier=tier2 key=0123456789abcdef filter=strata", log.line(hit));
        CacheEvent bypass = new CacheEvent(CacheEvent.Outcome.BYPASS, CacheEvent.Tier.ORIGIN, "method", 0, null, null);
        assertEquals("strata decision=bypass tier=origin key=- filter=strata detail=method", log.line(bypass));
    }
}
