package dev.strata.internal.purge;

import dev.strata.StrataMemberConfig;
import dev.strata.internal.tier.HazelcastConnector;
import dev.strata.internal.tier.LazyMap;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import dev.strata.internal.coordination.ClusterNamespaceVersion;
import dev.strata.internal.coordination.CoordinationException;
import dev.strata.internal.coordination.MapVersionCounter;
import dev.strata.internal.coordination.NamespaceVersion;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Purges by URL, tag or everything, hard or soft, on every node, and the cluster's stats.
 *
 * <p>A purge, on the node it is asked of:
 * <ol>
 *   <li>takes the next number of the cluster's purge sequence (an entry-processor counter with a
 *       synchronous backup);</li>
 *   <li>merges its mark into the cluster's records ({@code <tier2Map>.purges}, one synchronous
 *       backup, kept for {@code purgeRecordTtl}) on each record's partition owner;</li>
 *   <li>sends the purge to every member of the cluster ({@code IExecutorService}) and waits, bounded
 *       by the timeout, until each has applied it to the records of each of its Strata filters;</li>
 *   <li>answers the sequence, and how many members acknowledged out of how many there are.</li>
 * </ol>
 * A hard purge of everything bumps the namespace version instead and sends the new version the
 * same way. When every member acknowledged, no node serves the purged content from either tier
 * from then on: each checks every read against its records (see {@link PurgeRecords}).
 *
 * <p>A member that did not acknowledge in time (paused, overloaded), or that starts later, catches
 * up from the cluster's records: every {@code versionCacheTtl} each node reads the purge sequence
 * and, when it moved, loads the records changed since. The answer of a purge says when that is
 * the guarantee instead ({@code acknowledged < members}).
 */
public final class Purges implements AutoCloseable {
    private static final Logger LOG = System.getLogger("dev.strata");
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * What a purge did.
     *
     * @param sequence the purge sequence it took (0 for a hard purge of everything)
     * @param namespaceVersion the namespace version bumped to by a hard purge of everything, else 0
     * @param acknowledged members that applied it before the answer
     * @param members members in the cluster (1 without tier 2)
     */
    public record Outcome(long sequence, long namespaceVersion, int acknowledged, int members) {
    }

    /**
     * One node's stats.
     *
     * @param node the member's address, or {@code local}
     * @param stats the figures
     */
    public record NodeStats(String node, Map<String, Object> stats) {
    }

    private final PurgeRecords records;
    private final NamespaceVersion versions;
    private final Clock clock;
    private final long retentionMillis;
    private final Supplier<Map<String, Object>> localStats;
    private final Cluster cluster;
    private long localSequence;

    private Purges(PurgeRecords records, NamespaceVersion versions, Clock clock, long retentionMillis,
            Supplier<Map<String, Object>> localStats, Cluster cluster) {
        this.records = records;
        this.versions = versions;
        this.clock = clock;
        this.retentionMillis = retentionMillis;
        this.localStats = localStats;
        this.cluster = cluster;
    }

    /** Purges on this node only (no tier 2). */
    public static Purges local(PurgeRecords records, NamespaceVersion versions, Clock clock, long retentionMillis,
            Supplier<Map<String, Object>> localStats) {
        return new Purges(records, versions, clock, retentionMillis, localStats, null);
    }

    /**
     * Purges on every member of a cluster; registers this filter to receive other nodes' purges
     * and loads the records the cluster holds.
     *
     * @param hazelcast this node's member
     * @param mapName the tier-2 map, which names the purge structures
     * @param filterName this filter's name (stats are collected per filter name)
     * @param timeout bound on each cluster call, and on the wait for acknowledgements
     * @param syncInterval how often the records are caught up from the cluster
     */
    public static Purges cluster(HazelcastInstance hazelcast, String mapName, String filterName, PurgeRecords records,
            NamespaceVersion versions, Duration timeout, Duration syncInterval, long retentionMillis, Clock clock,
            Supplier<Map<String, Object>> localStats) {
        Purges purges = new Purges(records, versions, clock, retentionMillis, localStats,
                new Cluster(hazelcast, mapName, filterName, timeout.toMillis()));
        purges.cluster.start(purges, syncInterval.toMillis());
        return purges;
    }

    /**
     * Marks record names purged on every node.
     *
     * @param ids record names ({@link PurgeIds})
     * @param soft mark stale instead of gone
     * @throws CoordinationException when the cluster's sequence or records cannot be written
     */
    public Outcome purge(Collection<String> ids, boolean soft) throws CoordinationException {
        long now = clock.millis();
        if (cluster == null) {
            long seq;
            synchronized (this) {
                seq = ++localSequence;
            }
            Purge purge = new Purge(ids.toArray(new String[0]), soft ? PurgeRecords.soft(seq, now)
                    : PurgeRecords.hard(seq, now), seq, 0);
            receive(purge);
            return new Outcome(seq, 0, 1, 1);
        }
        return cluster.purge(this, ids, soft, now);
    }

    /** Makes everything unreachable on every node: bumps the namespace version and announces it. */
    public Outcome purgeAllHard() throws CoordinationException {
        long version = versions.bump();
        if (cluster == null) {
            return new Outcome(0, version, 1, 1);
        }
        return cluster.broadcast(this, new Purge(new String[0], null, 0, version));
    }

    /** Every node's stats for this filter, this node's first. */
    public List<NodeStats> clusterStats() {
        if (cluster == null) {
            return List.of(new NodeStats("local", localStats.get()));
        }
        return cluster.stats(this);
    }

    /** Applies a purge to this node's records (from this node or another). */
    void receive(Purge purge) {
        if (purge.mark() != null) {
            for (String id : purge.ids()) {
                records.apply(id, purge.mark());
            }
            records.advance(purge.sequence());
        }
        if (purge.namespaceVersion() > 0) {
            versions.learn(purge.namespaceVersion());
        }
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The cluster half: sequence, records, broadcast, catch-up. */
    private static final class Cluster {
        private final HazelcastInstance hazelcast;
        private final String mapName;
        private final String filterName;
        private final long timeoutMillis;
        private final ClusterNamespaceVersion.Counter sequence;
        // proxies are taken on first use: a Hazelcast client may start before its cluster is there
        private final LazyMap<String, long[]> stored;
        private final String executorName;
        private final String registryKey;
        private ScheduledExecutorService syncer;
        private LocalNodes.Receiver receiver;
        private long floor;
        private long lastSeen;

        Cluster(HazelcastInstance hazelcast, String mapName, String filterName, long timeoutMillis) {
            this.hazelcast = hazelcast;
            this.mapName = mapName;
            this.filterName = filterName;
            this.timeoutMillis = timeoutMillis;
            String recordsName = StrataMemberConfig.purgeMap(mapName);
            HazelcastConnector.ensureMapConfig(hazelcast, StrataMemberConfig.purgeMapConfig(recordsName));
            this.stored = new LazyMap<>(hazelcast, recordsName);
            this.sequence = new MapVersionCounter(hazelcast, mapName + ".versions", timeoutMillis, "purges");
            this.executorName = "strata." + mapName + ".purges";
            this.registryKey = LocalNodes.key(hazelcast.getName(), mapName);
        }

        private IExecutorService executor() {
            return hazelcast.getExecutorService(executorName);
        }

        void start(Purges purges, long syncMillis) {
            receiver = new LocalNodes.Receiver() {
                @Override
                public void receive(Purge purge) {
                    purges.receive(purge);
                }

                @Override
                public String filterName() {
                    return filterName;
                }

                @Override
                public Map<String, Object> stats() {
                    return purges.localStats.get();
                }
            };
            // registered before the first load, so no purge falls between the two
            LocalNodes.register(registryKey, receiver);
            sync(purges);
            long period = Math.max(100, syncMillis);
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "strata-purge-sync-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            syncer.scheduleWithFixedDelay(() -> sync(purges), period, period, TimeUnit.MILLISECONDS);
        }

        /**
         * Catches up with the cluster's records: when the sequence moved, loads what changed since
         * the sequence seen one round earlier (a purge writes its records just after taking its
         * number, so one round of slack covers a record written after the read).
         */
        synchronized void sync(Purges purges) {
            try {
                long current = sequence.get(purges.records.stamp());
                if (current != lastSeen || floor != lastSeen) {
                    for (Map.Entry<String, long[]> e : stored.get().entrySet(new ClusterTasks.ChangedSince(floor))) {
                        purges.records.apply(e.getKey(), e.getValue());
                    }
                    floor = lastSeen;
                    lastSeen = current;
                }
                purges.records.advance(current);
                purges.records.expire(purges.clock.millis());
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "Strata purge records catch-up failed, retrying", e);
            }
        }

        Outcome purge(Purges purges, Collection<String> ids, boolean soft, long now) throws CoordinationException {
            long seq;
            try {
                seq = sequence.incrementAndGet(purges.records.stamp());
            } catch (Exception e) {
                throw new CoordinationException("purge sequence could not be taken: " + e, e);
            }
            long[] mark = soft ? PurgeRecords.soft(seq, now) : PurgeRecords.hard(seq, now);
            try {
                stored.get().submitToKeys(new HashSet<>(ids), new ClusterTasks.Merge(mark, purges.retentionMillis))
                        .toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CoordinationException("interrupted", e);
            } catch (Exception e) {
                // the broadcast below still reaches the members that are up
                LOG.log(Level.WARNING, "Strata purge records could not be written, only the running nodes learn"
                        + " of purge " + seq + ": " + e);
            }
            return broadcast(purges, new Purge(ids.toArray(new String[0]), mark, seq, 0));
        }

        /** Applies locally, sends to every member, waits for their acknowledgements (bounded). */
        Outcome broadcast(Purges purges, Purge purge) {
            purges.receive(purge);
            Map<Member, Future<Integer>> sent;
            try {
                sent = executor().submitToAllMembers(new ClusterTasks.Apply(mapName, purge));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Strata purge could not be sent to the cluster: " + e);
                return new Outcome(purge.sequence(), purge.namespaceVersion(), 1, hazelcast.getCluster()
                        .getMembers().size());
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            int acknowledged = 0;
            for (Future<Integer> f : sent.values()) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    acknowledged++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (TimeoutException | java.util.concurrent.ExecutionException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Strata purge not acknowledged by a member (it catches up from the"
                            + " cluster's records): " + e);
                }
            }
            return new Outcome(purge.sequence(), purge.namespaceVersion(), acknowledged, sent.size());
        }

        List<NodeStats> stats(Purges purges) {
            List<NodeStats> out = new ArrayList<>();
            Member self = hazelcast.getCluster().getLocalMember();
            out.add(new NodeStats(address(self), purges.localStats.get()));
            Map<Member, Future<ArrayList<Map<String, Object>>>> sent;
            try {
                sent = executor().submitToMembers(new ClusterTasks.Stats(mapName, filterName),
                        m -> !m.localMember());
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Strata stats could not be collected", e);
                return out;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (Map.Entry<Member, Future<ArrayList<Map<String, Object>>>> e : sent.entrySet()) {
                try {
                    for (Map<String, Object> s : e.getValue().get(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS)) {
                        out.add(new NodeStats(address(e.getKey()), s));
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception ex) {
                    LOG.log(Level.DEBUG, "Strata stats of a member could not be collected", ex);
                }
            }
            return out;
        }

        private static String address(Member m) {
            return m.getAddress().getHost() + ":" + m.getAddress().getPort();
        }

        void close() {
            if (receiver != null) {
                LocalNodes.unregister(registryKey, receiver);
            }
            if (syncer != null) {
                syncer.shutdownNow();
            }
        }
    }
}
