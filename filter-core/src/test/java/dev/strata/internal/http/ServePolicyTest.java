package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.http.ServePolicy.Action;
import org.junit.jupiter.api.Test;

class ServePolicyTest {
    private static final long LIFETIME = 100_000;

    private static ServePolicy.Decision decide(String responseCc, long age, boolean validator, String requestCc) {
        return ServePolicy.decide(CacheControl.parse(responseCc), LIFETIME, age, validator,
                RequestDirectives.parse(requestCc, null));
    }

    @Test
    void rfc9111_4_2_freshIsServedStaleIsNot() {
        assertEquals(Action.SERVE, decide("max-age=100", 99_999, true, null).action());
        ServePolicy.Decision stale = decide("max-age=100", 100_000, true, null);
        assertEquals(Action.VALIDATE, stale.action());
        assertEquals("stale", stale.fwd());
        assertEquals(Action.FORWARD, decide("max-age=100", 100_000, false, null).action());
    }

    @Test
    void rfc9111_5_2_2_4_noCacheAlwaysValidates() {
        ServePolicy.Decision d = decide("no-cache, max-age=100", 0, true, null);
        assertEquals(Action.VALIDATE, d.action());
        assertFalse(d.clientForced());
        assertEquals(Action.SERVE, decide("no-cache=\"X-A\", max-age=100", 0, true, null).action());
    }

    @Test
    void rfc9111_5_2_1_clientDirectivesForceARefreshOfAFreshResponse() {
        for (String cc : new String[] {"no-cache", "no-store", "max-age=0", "max-age=10", "min-fresh=60"}) {
            ServePolicy.Decision d = decide("max-age=100", 50_000, true, cc);
            assertEquals(Action.VALIDATE, d.action(), cc);
            assertTrue(d.clientForced(), cc);
            assertEquals("request", d.fwd(), cc);
        }
        assertEquals(Action.SERVE, decide("max-age=100", 50_000, true, "max-age=60").action());
        assertEquals(Action.SERVE, decide("max-age=100", 50_000, true, "min-fresh=50").action());
    }

    @Test
    void rfc9111_5_2_1_2_maxStaleServesStaleWithinItsBound() {
        assertEquals(Action.SERVE, decide("max-age=100", 130_000, true, "max-stale=30").action());
        assertEquals(Action.VALIDATE, decide("max-age=100", 130_001, true, "max-stale=30").action());
        assertEquals(Action.SERVE, decide("max-age=100", 10_000_000, false, "max-stale").action());
        assertEquals(Action.FORWARD, decide("max-age=100", 130_000, false, "max-stale=30, max-age=120").action());
    }

    @Test
    void clientDirectivesNeverWidenWhatASharedCacheServes() {
        for (String cc : new String[] {"max-age=100, must-revalidate", "max-age=100, proxy-revalidate",
            "s-maxage=100", "no-cache"}) {
            assertEquals(Action.VALIDATE, decide(cc, 130_000, true, "max-stale=1000").action(), cc);
        }
    }

    @Test
    void rfc8246_freshImmutableIgnoresReloads() {
        assertEquals(Action.SERVE, decide("max-age=100, immutable", 50_000, true, "no-cache").action());
        assertEquals(Action.VALIDATE, decide("max-age=100, immutable", 100_000, true, "no-cache").action());
    }
}
