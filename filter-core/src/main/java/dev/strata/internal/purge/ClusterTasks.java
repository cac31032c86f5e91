package dev.strata.internal.purge;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.query.Predicate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** What purges send to the cluster: tasks for every member, and record updates on partition owners. */
final class ClusterTasks {
    private ClusterTasks() {
    }

    /** Applies a purge to every Strata filter of a member that uses the map; answers how many. */
    static final class Apply implements Callable<Integer>, Serializable, HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;
        private final String mapName;
        private final Purge purge;
        private transient HazelcastInstance member;

        Apply(String mapName, Purge purge) {
            this.mapName = mapName;
            this.purge = purge;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public Integer call() {
            int applied = 0;
            for (LocalNodes.Receiver r : LocalNodes.receivers(LocalNodes.key(member.getName(), mapName))) {
                r.receive(purge);
                applied++;
            }
            return applied;
        }
    }

    /** The stats of the filters of that name on a member (none when it runs no such filter). */
    static final class Stats implements Callable<ArrayList<Map<String, Object>>>, Serializable,
            HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;
        private final String mapName;
        private final String filterName;
        private transient HazelcastInstance member;

        Stats(String mapName, String filterName) {
            this.mapName = mapName;
            this.filterName = filterName;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance instance) {
            this.member = instance;
        }

        @Override
        public ArrayList<Map<String, Object>> call() {
            ArrayList<Map<String, Object>> out = new ArrayList<>();
            List<LocalNodes.Receiver> receivers = LocalNodes.receivers(LocalNodes.key(member.getName(), mapName));
            for (LocalNodes.Receiver r : receivers) {
                if (r.filterName().equals(filterName)) {
                    out.add(r.stats());
                }
            }
            return out;
        }
    }

    /** Merges a mark into a record on its partition owner and keeps it for the retention. */
    static final class Merge implements EntryProcessor<String, long[], Boolean> {
        private static final long serialVersionUID = 1L;
        private final long[] mark;
        private final long ttlMillis;

        Merge(long[] mark, long ttlMillis) {
            this.mark = mark;
            this.ttlMillis = ttlMillis;
        }

        @Override
        public Boolean process(Map.Entry<String, long[]> entry) {
            long[] merged = PurgeRecords.merge(entry.getValue(), mark);
            ((ExtendedMapEntry<String, long[]>) entry).setValue(merged, ttlMillis, TimeUnit.MILLISECONDS);
            return Boolean.TRUE;
        }
    }

    /** Records changed by a purge with a sequence above {@code floor}. */
    static final class ChangedSince implements Predicate<String, long[]> {
        private static final long serialVersionUID = 1L;
        private final long floor;

        ChangedSince(long floor) {
            this.floor = floor;
        }

        @Override
        public boolean apply(Map.Entry<String, long[]> entry) {
            long[] m = entry.getValue();
            return m != null && m.length == 4 && (m[PurgeRecords.HARD] > floor || m[PurgeRecords.SOFT] > floor);
        }
    }
}
