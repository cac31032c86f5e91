package dev.strata.bench;

import dev.strata.internal.entry.StoredValue;
import dev.strata.internal.tier.Tier1;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tier-1 reads through the JCache API on Ehcache: a hit in the heap tier (the entry is served by
 * reference), and a hit that has to come from the off-heap tier (read and decoded), forced by a heap
 * tier of one entry and reads that cycle over 16 keys.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class Tier1Benchmark {
    private static final int KEYS = 16;

    @Param({"1024", "65536"})
    public int bodyBytes;

    private Tier1 heap;
    private Tier1 offHeap;
    private javax.cache.Cache<String, Object> jcache;
    private org.ehcache.Cache<String, Object> ehcache;
    private final String[] keys = new String[KEYS];
    private int next;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        Clock clock = Clock.systemUTC();
        now = clock.millis();
        heap = new Tier1(64L << 20, 128, clock);
        offHeap = new Tier1(64L << 20, 1, clock);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "strata1|1:0|4:http|9:127.0.0.1|4:8080|19:/api/catalog/" + (1000 + i) + "|-";
            heap.put(keys[i], Fixtures.response(keys[i], bodyBytes, now), now + 3_600_000);
            offHeap.put(keys[i], Fixtures.response(keys[i], bodyBytes, now), now + 3_600_000);
        }
        jcache = jcache(heap);
        ehcache = jcache.unwrap(org.ehcache.Cache.class);
        if (heap.get(keys[0], now) == null || offHeap.get(keys[0], now) == null) {
            throw new IllegalStateException("tier 1 did not keep the entries");
        }
    }

    @SuppressWarnings("unchecked")
    private static javax.cache.Cache<String, Object> jcache(Tier1 tier1) {
        try {
            java.lang.reflect.Field f = Tier1.class.getDeclaredField("cache");
            f.setAccessible(true);
            return (javax.cache.Cache<String, Object>) f.get(tier1);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        heap.close();
        offHeap.close();
    }

    @Benchmark
    public StoredValue heapHit() {
        return heap.get(keys[0], now);
    }

    /** The heap-tier hit through the JCache API (Tier1's cache), without Tier1 around it. */
    @Benchmark
    public Object heapHitJCache() {
        return jcache.get(keys[0]);
    }

    /** The same cache unwrapped to Ehcache's own API: what the JCache layer costs. */
    @Benchmark
    public Object heapHitEhcache() {
        return ehcache.get(keys[0]);
    }

    @Benchmark
    public StoredValue offHeapHit() {
        next = (next + 1) & (KEYS - 1);
        return offHeap.get(keys[next], now);
    }
}
