package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import dev.strata.testing.Await;
import dev.strata.testing.TestMembers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Tier-2 calls must not start a thread each: Hazelcast completes its futures on a new thread per
 * completion when the common pool's parallelism is 1 (two cores or fewer, as on the CI machine),
 * unless Strata's connector has given it a pool.
 */
class CompletionThreadsTest {
    private static final int READS = 300;

    @Test
    void tier2ReadsThroughTheConnectorReuseCompletionThreads() throws Exception {
        try (TestMembers members = TestMembers.start(2)) {
            HazelcastConnector.Connection connection = HazelcastConnector.existing(members.name(0), "completion-test", 16);
            IMap<String, byte[]> map = connection.instance().getMap("completion-test");
            Tier2 tier2 = new Tier2(map, Duration.ofSeconds(5), new CircuitBreaker(5, Duration.ofSeconds(1), Clock.systemUTC()));
            map.set("warm", new byte[0]);
            Await.until("a safe cluster", () -> members.member(0).getPartitionService().isClusterSafe());
            // a key the other member owns: keys this member owns are read without a future at all
            String k = members.keyOwnedBy(1, "k", -1);
            map.set(k, new byte[] {1, 2, 3});
            tier2.get(k); // warm: proxies, partition table

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long startedBefore = threads.getTotalStartedThreadCount();
            for (int i = 0; i < READS; i++) {
                assertEquals(3, tier2.get(k).length);
            }
            long started = threads.getTotalStartedThreadCount() - startedBefore;
            assertTrue(started < READS / 4, READS + " tier-2 reads started " + started + " threads");
        }
    }
}
