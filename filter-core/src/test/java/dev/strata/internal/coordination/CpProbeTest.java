package dev.strata.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.strata.internal.tier.CircuitBreaker;
import dev.strata.testing.TestMembers;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which coordinator a node picks on a cluster without CP (open-source Hazelcast 5.7), as a member
 * and as a client: {@code auto} picks lease on both, {@code cp} refuses to start on both. (The CP
 * profile's {@code CpCoalescingTest} checks that a client of a CP cluster picks CP.)
 */
public class CpProbeTest {

    public static Coordination choose(String mode, HazelcastInstance hz) {
        return Coordination.choose(mode, hz, "probe-" + UUID.randomUUID(), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1), 16,
                Clock.systemUTC(), new CircuitBreaker(5, Duration.ofSeconds(5), Clock.systemUTC()), null);
    }

    /** A client of {@code members}' cluster. */
    public static HazelcastInstance client(TestMembers members) {
        ClientConfig config = new ClientConfig().setClusterName(members.clusterName())
                .setInstanceName("strata-probe-client-" + UUID.randomUUID());
        config.getNetworkConfig().addAddress(members.address(0));
        return HazelcastClient.newHazelcastClient(config);
    }

    @Test
    void withoutCpAutoPicksLeaseAndCpRefusesToStartOnMembersAndClients() {
        try (TestMembers members = TestMembers.start(1)) {
            HazelcastInstance client = client(members);
            try {
                for (HazelcastInstance node : new HazelcastInstance[] {members.member(0), client}) {
                    assertFalse(CpCoordinator.available(node, "strata.probe.version", Duration.ofSeconds(5)));
                    Coordination auto = choose("auto", node);
                    assertEquals("lease", auto.coordinator().name());
                    auto.coordinator().close();
                    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                            () -> choose("cp", node));
                    assertTrue(refused.getMessage().contains("CP members"), refused.getMessage());
                }
            } finally {
                client.shutdown();
            }
        }
    }
}
