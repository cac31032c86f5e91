package dev.strata.internal.admin;

import dev.strata.CacheStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The stats JSON: each node's figures, and their sum over the cluster. */
public final class StatsDocument {
    private StatsDocument() {
    }

    /** One node's figures as plain values (what travels between members). */
    public static Map<String, Object> of(CacheStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", s.requests());
        m.put("tier1Hits", s.tier1Hits());
        m.put("tier2Hits", s.tier2Hits());
        m.put("misses", s.misses());
        m.put("bypasses", s.bypasses());
        m.put("notModified", s.notModified());
        m.put("stores", s.stores());
        m.put("droppedWrites", s.droppedWrites());
        m.put("fencedOut", s.fencedOut());
        m.put("tier1Errors", s.tier1Errors());
        m.put("tier2Errors", s.tier2Errors());
        m.put("corruptEntries", s.corruptEntries());
        m.put("coalesced", s.coalesced());
        m.put("staleServed", s.staleServed());
        m.put("purges", s.purges());
        m.put("originFetches", s.originFetches());
        m.put("originFetchNanos", s.originFetchNanos());
        m.put("tier2Reads", s.tier2Reads());
        m.put("tier2ReadNanos", s.tier2ReadNanos());
        m.put("tier1Entries", s.tier1Entries());
        m.put("tier1Bytes", s.tier1Bytes());
        m.put("tier2Entries", s.tier2Entries());
        m.put("tier2Bytes", s.tier2Bytes());
        m.put("tier2Circuit", s.tier2Circuit());
        return m;
    }

    /**
     * The document: {@code {"nodes":[{"node":..., figures..., ratios...}], "cluster":{sums, ratios,
     * "nodes":n, "tier2Circuit":{"CLOSED":n}}}}.
     */
    public static Map<String, Object> of(List<Map.Entry<String, Map<String, Object>>> nodes) {
        List<Map<String, Object>> listed = new java.util.ArrayList<>();
        Map<String, Object> sums = new LinkedHashMap<>();
        Map<String, Long> circuits = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> node : nodes) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("node", node.getKey());
            one.putAll(node.getValue());
            addRatios(one);
            listed.add(one);
            for (Map.Entry<String, Object> e : node.getValue().entrySet()) {
                if (e.getValue() instanceof Long n) {
                    sums.merge(e.getKey(), n, (a, b) -> (Long) a + (Long) b);
                } else if (e.getKey().equals("tier2Circuit")) {
                    circuits.merge(String.valueOf(e.getValue()), 1L, Long::sum);
                }
            }
        }
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("nodes", (long) nodes.size());
        cluster.putAll(sums);
        addRatios(cluster);
        cluster.put("tier2Circuit", circuits);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodes", listed);
        doc.put("cluster", cluster);
        return doc;
    }

    private static void addRatios(Map<String, Object> m) {
        long requests = num(m, "requests");
        long bypasses = num(m, "bypasses");
        long tier1 = num(m, "tier1Hits");
        m.put("tier1HitRatio", ratio(tier1, requests - bypasses));
        m.put("tier2HitRatio", ratio(num(m, "tier2Hits"), requests - bypasses - tier1));
        m.put("originFallThroughRatio", ratio(num(m, "misses"), requests - bypasses));
    }

    private static long num(Map<String, Object> m, String name) {
        return m.get(name) instanceof Long n ? n : 0;
    }

    private static double ratio(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }
}
