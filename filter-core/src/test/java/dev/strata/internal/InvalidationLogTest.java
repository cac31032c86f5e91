package dev.strata.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InvalidationLogTest {
    @Test
    void responsesReceivedUpToTheInvalidationAreInvalidated() {
        InvalidationLog log = new InvalidationLog();
        assertFalse(log.invalidated("k", 5));
        log.record("k", 100);
        assertTrue(log.invalidated("k", 99));
        assertTrue(log.invalidated("k", 100));
        assertFalse(log.invalidated("k", 101));
        assertFalse(log.invalidated("other", 1));
        log.record("k", 50);
        assertTrue(log.invalidated("k", 100), "an older record does not move the mark back");
    }
}
