package dev.strata.internal.purge;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Strata filters running in this JVM, by the Hazelcast member and tier-2 map they use, so a
 * task sent to every member finds the filters it is meant for. Several filters may share a
 * member and map (one webapp with two filters): purges reach them all.
 */
final class LocalNodes {
    /** What a broadcast task can ask of a running filter. */
    interface Receiver {
        /** Applies a purge to this filter before the task acknowledges it. */
        void receive(Purge purge);

        /** This filter's name. */
        String filterName();

        /** This filter's stats, as plain values. */
        Map<String, Object> stats();
    }

    private static final Map<String, List<Receiver>> RECEIVERS = new ConcurrentHashMap<>();

    private LocalNodes() {
    }

    static String key(String instanceName, String mapName) {
        return instanceName + '\u0000' + mapName;
    }

    static void register(String key, Receiver receiver) {
        RECEIVERS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(receiver);
    }

    static void unregister(String key, Receiver receiver) {
        RECEIVERS.computeIfPresent(key, (k, list) -> {
            list.remove(receiver);
            return list.isEmpty() ? null : list;
        });
    }

    static List<Receiver> receivers(String key) {
        List<Receiver> list = RECEIVERS.get(key);
        return list == null ? List.of() : list;
    }
}
