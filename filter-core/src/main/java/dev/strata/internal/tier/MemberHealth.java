package dev.strata.internal.tier;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which members are stalled: a member that let {@code threshold} calls in a row time out is skipped
 * for a while, so that
 * every call for a key it owns (tier-2 reads and writes, write-coordinator claims: a key's lease
 * lives on the key's partition) fails at once instead of waiting out its timeout again.
 *
 * <p>This is the partial-failure half of the circuit breaker. The cluster's breaker counts
 * consecutive failures, which a cluster with one stalled member out of three never reaches (the
 * others keep answering); without this, each request for one of that member's keys would pay a
 * tier-2 timeout, then the longer coordinator timeout, and a background writer would spend a
 * timeout on each of its writes while the other members' writes queue behind it.
 *
 * <p>A skipped call fails open like any failed call. After {@code suspectFor}, the next tier-2 call
 * for the member's keys is a probe, bounded by the tier-2 timeout: it answers (the member is
 * healthy again) or times out (skipped again). Coordinator calls, whose timeout is longer, are
 * never the probe: they skip the member until a tier-2 call has found it answering, and they skip
 * it already from its first timeout in a row when it had answered before. A member that answered
 * and now lets a call time out is most likely stalled, and a claim sent to it would wait out the
 * whole coordinator timeout (ten tier-2 timeouts) before the member could become suspect; a member
 * that never answered yet is more likely cold (its first operations are slow), and skipping its
 * claims would keep a fresh node from storing anything. Other failures than timeouts (a member that
 * left, a client that is offline) are the cluster breaker's business. At most two entries per
 * member.
 */
public final class MemberHealth {
    private final HazelcastInstance hazelcast;
    private final int threshold;
    private final long suspectMillis;
    private final Clock clock;
    private final Map<UUID, Long> suspectUntil = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> timeoutsInARow = new ConcurrentHashMap<>();
    private final Set<UUID> answeredBefore = ConcurrentHashMap.newKeySet();

    /**
     * @param hazelcast member or client: knows the partition owners
     * @param threshold timeouts in a row of one member's calls that make it suspect (a stall times
     *     out every call in flight at once; one slow call on a busy machine does not)
     * @param suspectFor how long a suspect member is skipped
     * @param clock time source
     */
    public MemberHealth(HazelcastInstance hazelcast, int threshold, Duration suspectFor, Clock clock) {
        this.hazelcast = hazelcast;
        this.threshold = threshold;
        this.suspectMillis = suspectFor.toMillis();
        this.clock = clock;
    }

    /** The owner of {@code key}'s partition, or {@code null} while it is not known. */
    public UUID owner(String key) {
        try {
            Partition partition = hazelcast.getPartitionService().getPartition(key);
            Member owner = partition == null ? null : partition.getOwner();
            return owner == null ? null : owner.getUuid();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether calls to {@code member} are being skipped now. */
    public boolean suspect(UUID member) {
        if (member == null) {
            return false;
        }
        Long until = suspectUntil.get(member);
        if (until == null) {
            return false;
        }
        if (clock.millis() >= until) {
            // due for a probe: let this call through, and skip the others until it answers
            return !suspectUntil.replace(member, until, clock.millis() + suspectMillis);
        }
        return true;
    }

    /**
     * Whether calls to {@code member} that must not be a probe (coordinator calls) are skipped: as
     * long as the member is suspect or due for a probe, and from its first timeout in a row if it
     * had answered before.
     */
    public boolean suspectOrUnprobed(UUID member) {
        return member != null && (suspectUntil.containsKey(member)
                || (timeoutsInARow.containsKey(member) && answeredBefore.contains(member)));
    }

    /** A call to {@code member} timed out. */
    public void timedOut(UUID member) {
        if (member == null) {
            return;
        }
        // a probe that times out makes the member suspect again at once
        if (timeoutsInARow.merge(member, 1, Integer::sum) >= threshold || suspectUntil.containsKey(member)) {
            suspectUntil.put(member, clock.millis() + suspectMillis);
        }
    }

    /** A call to {@code member} was answered. */
    public void answered(UUID member) {
        if (member == null) {
            return;
        }
        if (!answeredBefore.contains(member)) {
            answeredBefore.add(member);
        }
        if (!timeoutsInARow.isEmpty()) {
            timeoutsInARow.remove(member);
        }
        if (!suspectUntil.isEmpty()) {
            suspectUntil.remove(member);
        }
    }

    /** Members skipped now, for stats. */
    public int suspects() {
        long now = clock.millis();
        return (int) suspectUntil.values().stream().filter(until -> until > now).count();
    }
}
