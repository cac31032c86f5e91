package dev.strata.internal.coordination;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The namespace version held by the cluster, cached on this node for a short time so a request
 * rarely pays a cluster call for it. A bump is announced on a topic, so other nodes learn it at
 * once rather than when their cached copy ages out; the cache time bounds how long a node that
 * missed the announcement keeps the old version.
 *
 * <p>Until the version has been read once, a request whose copy is out of date reads it (bounded by
 * the counter's timeout, skipped while the cluster's circuit is open). After that, requests never
 * wait for it: an out-of-date copy is served while one background read refreshes it, so a stalled
 * member that owns the counter adds no latency to any request.
 *
 * <p>The topic listener is registered when the topic can be reached: a Hazelcast client that is not
 * connected yet cannot create the topic, and tries again on the next refresh.
 */
public final class ClusterNamespaceVersion implements NamespaceVersion {
    private static final Logger LOG = System.getLogger("dev.strata");

    /**
     * Where the counter lives: CP {@code IAtomicLong} or an entry-processor counter. Both calls take
     * the highest value this node has seen: a cluster restarted from nothing starts its counters at
     * 0, while running nodes remember higher values and would ignore (or mis-order) every value the
     * new counter gives until it passed them. So a node raises the counter to what it knows first.
     */
    public interface Counter {
        /** The current value, first raised to {@code floor} when it is lower. */
        long get(long floor) throws Exception;

        /** Sets the counter to {@code max(current, floor) + 1} and answers it. */
        long incrementAndGet(long floor) throws Exception;
    }

    private final HazelcastInstance hazelcast;
    private final String topicName;
    private final Counter counter;
    private final Clock clock;
    private final long cacheMillis;
    private final AtomicLong known = new AtomicLong();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher;
    private volatile ITopic<Long> announcements;
    private volatile UUID listener;
    private volatile boolean everRead;
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
        this.hazelcast = hazelcast;
        this.topicName = topicName;
        this.counter = counter;
        this.clock = clock;
        this.cacheMillis = cacheTime.toMillis();
        this.refresher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "strata-version-refresh");
            t.setDaemon(true);
            return t;
        });
        subscribe();
    }

    private synchronized void subscribe() {
        if (listener != null) {
            return;
        }
        try {
            ITopic<Long> topic = hazelcast.getTopic(topicName);
            listener = topic.addMessageListener(m -> learn(m.getMessageObject()));
            announcements = topic;
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "version topic not reachable yet, trying again on the next refresh", e);
        }
    }

    @Override
    public void learn(long version) {
        known.accumulateAndGet(version, Math::max);
    }

    @Override
    public long current() {
        long now = clock.millis();
        if (now < knownUntil) {
            return known.get();
        }
        if (!everRead) {
            refresh(now);
        } else if (refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> {
                    try {
                        refresh(clock.millis());
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        return known.get();
    }

    private void refresh(long now) {
        if (listener == null) {
            subscribe();
        }
        try {
            learn(counter.get(known.get()));
            everRead = true;
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "namespace version read failed, keeping the last known one", e);
        }
        knownUntil = now + cacheMillis;
    }

    @Override
    public long bump() throws CoordinationException {
        try {
            long next = counter.incrementAndGet(known.get());
            learn(next);
            if (listener == null) {
                subscribe();
            }
            ITopic<Long> topic = announcements;
            if (topic != null) {
                topic.publish(next);
            }
            return next;
        } catch (Exception e) {
            throw new CoordinationException("namespace version bump failed: " + e, e);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        ITopic<Long> topic = announcements;
        UUID id = listener;
        if (topic == null || id == null) {
            return;
        }
        try {
            topic.removeMessageListener(id);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "topic listener removal failed", e);
        }
    }
}
