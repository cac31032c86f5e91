package dev.strata.internal.coordination;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The namespace version held by the cluster, cached on this node for a short time so a request
 * rarely pays a cluster call for it. A bump is announced on a topic, so other nodes learn it at
 * once rather than when their cached copy ages out; the cache time bounds how long a node that
 * missed the announcement keeps the old version.
 */
public final class ClusterNamespaceVersion implements NamespaceVersion {
    private static final Logger LOG = System.getLogger("dev.strata");

    /** Where the counter lives: CP {@code IAtomicLong} or an entry-processor counter. */
    public interface Counter {
        /** The current value. */
        long get() throws Exception;

        /** Increments and answers the new value. */
        long incrementAndGet() throws Exception;
    }

    private final Counter counter;
    private final Clock clock;
    private final long cacheMillis;
    private final ITopic<Long> announcements;
    private final UUID listener;
    private final AtomicLong known = new AtomicLong();
    private volatile long knownUntil = Long.MIN_VALUE;

    /**
     * @param hazelcast the cluster
     * @param topicName where bumps are announced
     * @param counter the counter
     * @param cacheTime how long a read version is trusted
     * @param clock time source
     */
    public ClusterNamespaceVersion(HazelcastInstance hazelcast, String topicName, Counter counter, Duration cacheTime,
            Clock clock) {
        this.counter = counter;
        this.clock = clock;
        this.cacheMillis = cacheTime.toMillis();
        this.announcements = hazelcast.getTopic(topicName);
        this.listener = announcements.addMessageListener(m -> learn(m.getMessageObject()));
    }

    private void learn(long version) {
        known.accumulateAndGet(version, Math::max);
    }

    @Override
    public long current() {
        long now = clock.millis();
        if (now < knownUntil) {
            return known.get();
        }
        try {
            learn(counter.get());
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "namespace version read failed, keeping the last known one", e);
        }
        knownUntil = now + cacheMillis;
        return known.get();
    }

    @Override
    public long bump() throws CoordinationException {
        try {
            long next = counter.incrementAndGet();
            learn(next);
            announcements.publish(next);
            return next;
        } catch (Exception e) {
            throw new CoordinationException("namespace version bump failed: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            announcements.removeMessageListener(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "topic listener removal failed", e);
        }
    }
}
