package dev.strata.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.entry.EntryCodec;
import dev.strata.internal.http.Headers;
import dev.strata.internal.tier.CircuitBreaker;
import dev.strata.internal.tier.HazelcastConnector;
import dev.strata.internal.tier.Tier2;
import dev.strata.testing.Await;
import dev.strata.testing.TestMembers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leases and fences on two real Hazelcast members: a late writer never overwrites a newer entry. */
class LeaseFencingTest {
    private static TestMembers members;

    @BeforeAll
    static void start() {
        members = TestMembers.start(2);
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    private static Tier2 tier2(HazelcastInstance hz, String map) {
        hz.getConfig().addMapConfig(HazelcastConnector.mapConfig(map));
        return new Tier2(hz.getMap(map), Duration.ofSeconds(30), new CircuitBreaker(5, Duration.ofSeconds(5),
                Clock.systemUTC()));
    }

    private static LeaseCoordinator coordinator(HazelcastInstance hz, String map, Duration lease) {
        // a generous call timeout: a loaded two-core machine can take seconds for a backed-up write
        return new LeaseCoordinator(hz, map + ".leases", lease, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ZERO);
    }

    private static byte[] entry(String key, String body, long fence) {
        CachedResponse r = new CachedResponse(key, 200, Headers.of("Content-Type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8), 1, 0, Long.MAX_VALUE / 2, 0, new String[0], new String[0], 0, 0);
        return EntryCodec.encode(r, fence, 0);
    }

    private static String bodyOf(Tier2 tier2, String key) throws Exception {
        CachedResponse r = (CachedResponse) EntryCodec.decode(tier2.getFromOwner(key), key);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Claims {@code key} as soon as the coordinator grants it (a lease ran out or was released). */
    private static Claim claimOnceFree(LeaseCoordinator node, String why) {
        Claim[] claim = new Claim[1];
        Await.until(why, () -> {
            try {
                claim[0] = node.claim("k");
                return claim[0].claimed();
            } catch (CoordinationException e) {
                throw new AssertionError(e);
            }
        });
        return claim[0];
    }

    @Test
    void aPausedWriterWhoseLeaseRanOutCannotOverwriteTheNewerEntry() throws Exception {
        String map = "fencing-late-writer";
        LeaseCoordinator nodeA = coordinator(members.member(0), map, Duration.ofMillis(300));
        LeaseCoordinator nodeB = coordinator(members.member(1), map, Duration.ofMillis(300));
        Tier2 tier2A = tier2(members.member(0), map);
        Tier2 tier2B = tier2(members.member(1), map);

        Claim a = nodeA.claim("k");
        assertTrue(a.claimed());
        assertEquals(Claim.Status.BUSY, nodeB.claim("k").status(), "A holds the lease");

        // A pauses (a GC, a stall) past its lease; B takes over with a higher fence and writes.
        Claim b = claimOnceFree(nodeB, "A's lease runs out");
        assertTrue(b.fence() > a.fence());
        assertTrue(tier2B.publish("k", entry("k", "new from B", b.fence()), 60_000, b.fence(),
                b.claimedAt(), 0));

        // A wakes up and publishes what it fetched long ago: refused.
        assertFalse(tier2A.publish("k", entry("k", "old from A", a.fence()), 60_000, a.fence(), a.claimedAt(), 0));
        assertEquals("new from B", bodyOf(tier2A, "k"));
        assertEquals("new from B", bodyOf(tier2B, "k"));
    }

    @Test
    void aWriterWhoseLeaseRanOutAndWroteLateDoesNotHoldBackTheNewerWriter() throws Exception {
        String map = "fencing-late-first";
        LeaseCoordinator nodeA = coordinator(members.member(0), map, Duration.ofMillis(300));
        LeaseCoordinator nodeB = coordinator(members.member(1), map, Duration.ofMillis(300));
        Tier2 tier2A = tier2(members.member(0), map);
        Tier2 tier2B = tier2(members.member(1), map);
        long interval = 60_000;
        assertTrue(tier2A.publish("k", entry("k", "the previous refresh", 1), 60_000, 1, 0, interval));
        Thread.sleep(5); // the previous refresh was written before either writer below claimed

        Claim a = nodeA.claim("k");
        assertTrue(a.claimed());
        Claim b = claimOnceFree(nodeB, "A's lease runs out");
        // A (paused past its lease) publishes before B: it is the newest writer to have written.
        assertTrue(tier2A.publish("k", entry("k", "late from A", a.fence()), 60_000, a.fence(), a.claimedAt(), 0));
        // B's response was fetched under a newer fence: the interval must not refuse it for coming
        // soon after A's, or the older response would stay for its whole lifetime.
        assertTrue(tier2B.publish("k", entry("k", "new from B", b.fence()), 60_000, b.fence(),
                b.claimedAt(), interval));
        assertEquals("new from B", bodyOf(tier2A, "k"));
        assertFalse(tier2A.publish("k", entry("k", "late from A", a.fence()), 60_000, a.fence(), a.claimedAt(), 0));
    }

    @Test
    void aReleasedLeaseCanBeClaimedAgainWithAHigherFence() throws Exception {
        LeaseCoordinator node = coordinator(members.member(0), "fencing-release", Duration.ofSeconds(30));
        Claim first = node.claim("k");
        node.release(first, WriteCoordinator.Outcome.ABANDONED);
        Claim second = claimOnceFree(node, "released");
        assertTrue(second.fence() > first.fence());
    }

    @Test
    void anUncacheableReleaseTellsOtherNodesNotToWait() throws Exception {
        LeaseCoordinator nodeA = coordinator(members.member(0), "fencing-uncacheable", Duration.ofSeconds(30));
        LeaseCoordinator nodeB = coordinator(members.member(1), "fencing-uncacheable", Duration.ofSeconds(30));
        Claim a = nodeA.claim("k");
        nodeA.release(a, WriteCoordinator.Outcome.UNCACHEABLE);
        Await.until("B told the key is not storable",
                () -> {
                    try {
                        return nodeB.claim("k").status() == Claim.Status.UNCACHEABLE;
                    } catch (CoordinationException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void aSecondWriterWithinTheMinimumIntervalIsRefused() throws Exception {
        Tier2 tier2 = tier2(members.member(0), "fencing-interval");
        assertTrue(tier2.publish("k", entry("k", "first", 10), 60_000, 10, 0, 60_000));
        Thread.sleep(5);
        long claimedAfterTheFirstWrite = System.currentTimeMillis();
        assertFalse(tier2.publish("k", entry("k", "second", 11), 60_000, 11, claimedAfterTheFirstWrite, 60_000),
                "a newer fence still waits out the interval");
        assertTrue(tier2.publish("k", entry("k", "same writer", 10), 60_000, 10, 0, 60_000),
                "the same writer may rewrite its entry");
        assertEquals("same writer", bodyOf(tier2, "k"));
    }
}
