package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.testing.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemberHealthTest {
    private final MutableClock clock = new MutableClock(1_000_000);
    private final HazelcastInstance offline = (HazelcastInstance) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {HazelcastInstance.class}, (p, m, a) -> {
                throw new IllegalStateException("offline");
            });
    private final MemberHealth health = new MemberHealth(offline, 2, Duration.ofSeconds(5), clock);

    @Test
    void aMemberThatTimedOutIsSkippedThenProbedOnce() {
        UUID stalled = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        assertFalse(health.suspect(stalled));
        health.timedOut(stalled);
        assertFalse(health.suspect(stalled), "one slow call is not a stall");
        health.timedOut(stalled);
        assertTrue(health.suspect(stalled));
        assertFalse(health.suspect(healthy));
        assertEquals(1, health.suspects());

        clock.advance(Duration.ofSeconds(5));
        assertTrue(health.suspectOrUnprobed(stalled), "coordinator calls are never the probe");
        assertFalse(health.suspect(stalled), "one probe goes through");
        assertTrue(health.suspect(stalled), "the others are still skipped while it runs");
        health.answered(stalled);
        assertFalse(health.suspect(stalled));
        assertFalse(health.suspectOrUnprobed(stalled));

        health.timedOut(stalled);
        health.answered(stalled);
        health.timedOut(stalled);
        assertFalse(health.suspect(stalled), "timeouts in a row only");
        assertEquals(0, health.suspects());
    }

    @Test
    void coordinatorCallsSkipAMemberThatAnsweredBeforeFromItsFirstTimeout() {
        UUID cold = UUID.randomUUID();
        health.timedOut(cold);
        assertFalse(health.suspectOrUnprobed(cold), "a member that never answered may just be cold");

        UUID stalled = UUID.randomUUID();
        health.answered(stalled);
        assertFalse(health.suspectOrUnprobed(stalled));
        health.timedOut(stalled);
        assertFalse(health.suspect(stalled), "tier-2 calls still wait for the threshold");
        assertTrue(health.suspectOrUnprobed(stalled), "a claim would wait out the coordinator timeout");
        health.answered(stalled);
        assertFalse(health.suspectOrUnprobed(stalled), "answering again clears it");
    }

    @Test
    void unknownOwnersAreNeverSkipped() {
        assertNull(health.owner("key"), "no partition table: owner unknown");
        assertFalse(health.suspect(null));
        health.timedOut(null);
        assertEquals(0, health.suspects());
    }
}
