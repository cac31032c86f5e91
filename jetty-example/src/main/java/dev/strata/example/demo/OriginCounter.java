package dev.strata.example.demo;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts every run of a demo origin servlet, per request path, on one node. Thread-safe. */
public final class OriginCounter {

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Records one origin run for {@code path} (the path inside the context, e.g. {@code /api/catalog/1}). */
    public void record(String path) {
        counts.computeIfAbsent(path, p -> new LongAdder()).increment();
    }

    /** Origin runs recorded for {@code path}; 0 if none. */
    public long count(String path) {
        LongAdder adder = counts.get(path);
        return adder == null ? 0 : adder.sum();
    }

    /** Origin runs recorded for all paths. */
    public long total() {
        long total = 0;
        for (LongAdder adder : counts.values()) {
            total += adder.sum();
        }
        return total;
    }

    /** A point-in-time copy, sorted by path. */
    public SortedMap<String, Long> snapshot() {
        SortedMap<String, Long> copy = new TreeMap<>();
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            copy.put(e.getKey(), e.getValue().sum());
        }
        return copy;
    }

    /** The counts as JSON: {@code {"total":N,"paths":{"/api/catalog/1":3,...}}}. */
    public String toJson() {
        SortedMap<String, Long> snapshot = snapshot();
        long total = 0;
        StringBuilder paths = new StringBuilder();
        for (Map.Entry<String, Long> e : snapshot.entrySet()) {
            if (paths.length() > 0) {
                paths.append(',');
            }
            paths.append(Json.quote(e.getKey())).append(':').append(e.getValue());
            total += e.getValue();
        }
        return "{\"total\":" + total + ",\"paths\":{" + paths + "}}";
    }
}
