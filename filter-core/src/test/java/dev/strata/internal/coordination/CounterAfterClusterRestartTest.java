package dev.strata.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.testing.MutableClock;
import dev.strata.testing.TestMembers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A cluster restarted from nothing starts its counters at 0 while running nodes remember higher
 * values. The first node that reads the counter raises it to what it knows, so the next bump from
 * any node is higher than every node's version, and a purge made on the new cluster is seen.
 */
class CounterAfterClusterRestartTest {
    private final MutableClock clock = new MutableClock(1_000_000);

    @Test
    void aNodeThatKnewAHigherVersionRaisesTheNewClustersCounter() throws Exception {
        try (TestMembers members = TestMembers.start(1)) {
            MapVersionCounter counter = new MapVersionCounter(members.member(0), "restart-versions", 5_000);
            ClusterNamespaceVersion knewSeven = new ClusterNamespaceVersion(members.member(0), "restart-a", counter,
                    Duration.ofSeconds(1), clock);
            ClusterNamespaceVersion knewNothing = new ClusterNamespaceVersion(members.member(0), "restart-b", counter,
                    Duration.ofSeconds(1), clock);
            try {
                knewSeven.learn(7); // from the cluster before the restart
                assertEquals(7, knewSeven.current());
                assertEquals(8, knewNothing.bump(), "a bump on the new cluster must pass every node's version");
                knewSeven.learn(8); // what the announcement would tell it
                assertEquals(8, knewSeven.current());
            } finally {
                knewSeven.close();
                knewNothing.close();
            }
        }
    }

    @Test
    void thePurgeSequenceIsRaisedTheSameWay() throws Exception {
        try (TestMembers members = TestMembers.start(1)) {
            MapVersionCounter sequence = new MapVersionCounter(members.member(0), "restart-seq", 5_000, "purges");
            assertEquals(0, sequence.get(0));
            assertEquals(50, sequence.get(50), "a node that stamped entries with 50 raises it first");
            assertEquals(51, sequence.incrementAndGet(3));
            assertEquals(52, sequence.incrementAndGet(0));
            assertEquals(60, sequence.incrementAndGet(59));
            assertEquals(60, sequence.get(0));
        }
    }
}
