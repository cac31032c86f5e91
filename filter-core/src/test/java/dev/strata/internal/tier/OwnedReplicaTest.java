package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.strata.StrataMemberConfig;
import dev.strata.testing.Await;
import dev.strata.testing.TestMembers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tier-2 keys this member owns are read from its replica on the calling thread, never queued
 * behind the partition thread; keys other members own still go through the bounded read, never
 * to a local backup that may lag.
 */
class OwnedReplicaTest {
    private static final String MAP = "owned-replica-test";
    private TestMembers members;

    @BeforeEach
    void start() {
        members = TestMembers.start(2, c -> c.addMapConfig(StrataMemberConfig.tier2MapConfig(MAP, 0)));
        members.member(0).getMap(MAP).set("assign-partitions", new byte[0]);
        // every partition owned and backed up, no migration left to move a key while a test runs
        Await.until("a safe cluster", () -> members.member(0).getPartitionService().isClusterSafe()
                && members.member(1).getPartitionService().isClusterSafe());
    }

    @AfterEach
    void stop() {
        members.close();
    }

    @Test
    void anOwnedKeyIsAnsweredWhileItsPartitionThreadIsBusy() throws Exception {
        HazelcastInstance self = members.member(0);
        IMap<String, byte[]> map = self.getMap(MAP);
        String key = members.keyOwnedBy(0, "owned-", -1);
        String absent = members.keyOwnedBy(0, "absent-", self.getPartitionService().getPartition(key).getPartitionId());
        map.set(key, new byte[] {1, 2, 3});
        Tier2 tier2 = tier2(map);

        CompletionStage<Object> busy = map.submitToKey(key, new Sleep());
        Thread.sleep(100); // the partition thread is inside the processor now
        assertArrayEquals(new byte[] {1, 2, 3}, tier2.get(key));
        assertArrayEquals(new byte[] {1, 2, 3}, tier2.getFromOwner(key));
        assertNull(tier2.get(absent));
        busy.toCompletableFuture().get();
    }

    @Test
    void aKeyAnotherMemberOwnsIsNotReadFromTheLocalBackup() throws Exception {
        HazelcastInstance self = members.member(0);
        IMap<String, byte[]> map = self.getMap(MAP);
        String key = members.keyOwnedBy(1, "remote-", -1);
        map.set(key, new byte[] {4});
        Tier2 tier2 = tier2(map);
        assertArrayEquals(new byte[] {4}, tier2.get(key));

        CompletionStage<Object> busy = map.submitToKey(key, new Sleep());
        Thread.sleep(100);
        // the owner is busy: the bounded read times out rather than answer from member 0's backup
        assertThrows(TierException.class, () -> tier2.get(key));
        busy.toCompletableFuture().get();
    }

    private static Tier2 tier2(IMap<String, byte[]> map) {
        return new Tier2(map, Duration.ofMillis(300), new CircuitBreaker(100, Duration.ofSeconds(1), Clock.systemUTC()));
    }

    /** Holds the partition thread of its key for two seconds. */
    static final class Sleep implements EntryProcessor<String, byte[], Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object process(Map.Entry<String, byte[]> entry) {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }
}
