package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataMemberConfig;
import dev.strata.internal.entry.CorruptEntryException;
import dev.strata.testing.TestMembers;
import com.example.planted.Tripwire;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java object planted in the tier-2 map, read by a member that is not its partition owner (a
 * backup read or a remote get, where Hazelcast deserializes) and by the owner's entry processors:
 * it is a corrupt entry, never instantiated, and it does not open the circuit breaker.
 */
class ForeignValueTest {
    private static final String MAP = "foreign-values";
    private static TestMembers members;

    @BeforeAll
    static void start() {
        members = TestMembers.start(2, StrataMemberConfig::applyProperties);
        for (int i = 0; i < 2; i++) {
            members.member(i).getConfig().addMapConfig(HazelcastConnector.mapConfig(MAP));
        }
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    /** A key whose partition the second member owns, so that the first reads it remotely. */
    private static String keyOwnedBySecond() {
        HazelcastInstance second = members.member(1);
        second.getMap(MAP).size(); // the first map operation assigns the partitions
        dev.strata.testing.Await.until("partitions assigned", () -> second.getPartitionService().isClusterSafe());
        for (int i = 0; ; i++) {
            String key = "planted-" + i;
            com.hazelcast.cluster.Member owner = second.getPartitionService().getPartition(key).getOwner();
            if (owner != null && owner.localMember()) {
                return key;
            }
        }
    }

    @Test
    void aPlantedJavaObjectIsACorruptEntryAndIsNeverDeserialized() throws Exception {
        String key = keyOwnedBySecond();
        members.member(1).getMap(MAP).set(key, new Tripwire());
        int before = Tripwire.DESERIALIZED.get();
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofMinutes(1), Clock.systemUTC());
        Tier2 reader = new Tier2(members.member(0).getMap(MAP), Duration.ofSeconds(30), breaker);

        assertThrows(CorruptEntryException.class, () -> reader.get(key));
        assertNull(reader.getFromOwner(key), "the owner's read answers nothing for it");
        assertEquals(before, Tripwire.DESERIALIZED.get(), "no Tripwire was instantiated");
        assertEquals(CircuitBreaker.State.CLOSED, reader.circuitState(),
                "a foreign value is the cluster's answer, not a cluster failure");

        // the origin's response replaces it, the fence check reading it without deserializing it
        assertTrue(reader.publish(key, dev.strata.internal.entry.EntryCodec.encode(
                new dev.strata.internal.entry.CachedResponse(key, 200, dev.strata.internal.http.Headers.of(),
                        new byte[] {1}, 1, 0, Long.MAX_VALUE / 2, 0, new String[0], new String[0], 0, 0), 5, 0),
                60_000, 5, 0, 0));
        assertFalse(reader.get(key) == null);
        assertEquals(before, Tripwire.DESERIALIZED.get());
    }

    @Test
    void membersStrataConfiguresRefuseClassesOutsideTheAllowList() {
        assertTrue(members.member(0).getConfig().getSerializationConfig().getJavaSerializationFilterConfig()
                .getWhitelist().getPrefixes().contains("dev.strata."));
        StrataMemberConfig.applyProperties(members.member(0).getConfig());
        assertFalse(members.member(0).getConfig().getSerializationConfig().getJavaSerializationFilterConfig()
                .getWhitelist().isListed(Tripwire.class.getName()));
    }
}
