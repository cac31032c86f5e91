package dev.strata.it;

import static dev.strata.testing.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.strata.testing.Await;
import dev.strata.testing.ClusterNodes;
import dev.strata.testing.TestMembers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CP write coordinator (FencedLock + IAtomicLong over Raft) on three CP members. Open-source
 * Hazelcast has CP only up to 5.4: run with {@code mvn -P hazelcast-cp -pl filter-core test}.
 */
@Tag("cp")
class CpCoalescingTest {

    private static TestMembers cpMembers() {
        TestMembers members = TestMembers.start(3, CpCoalescingTest::withCp);
        for (int i = 0; i < 3; i++) {
            HazelcastInstance hz = members.member(i);
            Await.until("CP discovery", java.time.Duration.ofSeconds(60),
                    () -> hz.getCPSubsystem().getCPSubsystemManagementService().isDiscoveryCompleted());
        }
        return members;
    }

    private static void withCp(Config config) {
        config.getCPSubsystemConfig().setCPMemberCount(3).setSessionTimeToLiveSeconds(10)
                .setSessionHeartbeatIntervalSeconds(1);
    }

    @Test
    void aClientOfTheClusterFindsItsCpAsTheMembersDo() {
        try (TestMembers members = cpMembers()) {
            HazelcastInstance client = dev.strata.internal.coordination.CpProbeTest.client(members);
            try {
                assertTrue(dev.strata.internal.coordination.CpCoordinator.available(client, "strata.cp-probe.version",
                        java.time.Duration.ofSeconds(30)), "a client has no member config: it asks the cluster");
                var auto = dev.strata.internal.coordination.CpProbeTest.choose("auto", client);
                assertEquals("cp", auto.coordinator().name(), "clients and members must agree");
                auto.coordinator().close();
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void oneOriginCallForOneHundredFiftyConcurrentMissesWithTheCpCoordinator() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(cpMembers(), Clock.systemUTC(), "tier2Timeout", "2s")) {
            assertEquals("cp", nodes.filter(0).coordinator(), "auto picks CP on a cluster with 3 CP members");
            List<HttpResponse<byte[]>> responses = nodes.burst("/api/slow/cold?ms=300", 50);
            Set<String> bodies = new HashSet<>();
            for (HttpResponse<byte[]> r : responses) {
                assertEquals(200, r.statusCode());
                bodies.add(text(r));
            }
            assertEquals(Set.of("/slow/cold run 1"), bodies);
            assertEquals(1, nodes.origin.runs("/slow/cold"));
        }
    }

    @Test
    void theCpNamespaceVersionInvalidatesEveryNode() throws Exception {
        try (ClusterNodes nodes = ClusterNodes.start(cpMembers(), Clock.systemUTC(), "tier2Timeout", "2s")) {
            assertEquals("/slow/v run 1", text(nodes.get(0, "/api/slow/v?ms=0")));
            Await.until("stored", () -> nodes.filter(0).stats().stores() >= 1);
            long version = nodes.filter(2).invalidateAll();
            assertTrue(version >= 1);
            assertEquals("/slow/v run 2", text(nodes.get(2, "/api/slow/v?ms=0")));
            Await.until("node 0 learns the new version",
                    () -> !"/slow/v run 1".equals(text(nodes.get(0, "/api/slow/v?ms=0"))));
        }
    }

}
