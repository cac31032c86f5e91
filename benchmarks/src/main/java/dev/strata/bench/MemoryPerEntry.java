package dev.strata.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.entry.EntryCodec;
import dev.strata.internal.http.Headers;
import dev.strata.internal.tier.HazelcastConnector;
import dev.strata.internal.tier.Tier1;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.ehcache.core.spi.service.StatisticsService;
import org.ehcache.core.statistics.TierStatistics;

/**
 * Bytes per stored entry, measured, not estimated.
 *
 * <pre>
 * java -Xms8g -Xmx8g -XX:MaxDirectMemorySize=8g -XX:+UseParallelGC \
 *      -cp benchmarks/target/benchmarks.jar dev.strata.bench.MemoryPerEntry tier1|tier2 BODY_BYTES [ENTRIES]
 * </pre>
 *
 * <p>{@code tier1}: a {@link Tier1} with a heap tier as large as the entry count, filled through
 * {@code put} (which writes the off-heap tier) and then read once per key (which copies each entry
 * into the heap tier, as a hit does). Heap: used heap after full GCs, after the reads minus before the
 * puts, divided by the entry count (what the heap tier and its keys cost). Off-heap: Ehcache's own
 * occupied-byte statistic of the off-heap tier, divided by its mapping count.
 *
 * <p>{@code tier2}: a one-member Hazelcast cluster with Strata's map config, filled with encoded
 * entries; {@code LocalMapStats.getOwnedEntryMemoryCost() / getOwnedEntryCount()}, and the used-heap
 * difference for comparison.
 *
 * <p>"Beyond body and headers" subtracts the body length and the characters of the stored header
 * names and values (one byte each: they are Latin-1) from the bytes per entry.
 */
public final class MemoryPerEntry {
    private MemoryPerEntry() {
    }

    public static void main(String[] args) throws Exception {
        String which = args[0];
        int size = Integer.parseInt(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Headers headers = Fixtures.typicalHeaders();
        long headerChars = 0;
        for (int i = 0; i < headers.size(); i++) {
            headerChars += headers.name(i).length() + headers.value(i).length();
        }
        long payload = size + headerChars;
        long keyChars = key(0).length();
        System.out.printf("%s, %,d entries, body %,d B, stored header names+values %d chars, key %d chars%n",
                which, n, size, headerChars, keyChars);
        if (which.equals("tier1")) {
            tier1(size, n, payload);
        } else {
            tier2(size, n, payload);
        }
    }

    private static String key(int i) {
        return "strata1|1:0|4:http|9:127.0.0.1|4:8080|" + (13 + Integer.toString(i).length()) + ":/api/catalog/" + i
                + "|-";
    }

    private static void tier1(int size, int n, long payload) throws Exception {
        Clock clock = Clock.systemUTC();
        long now = clock.millis();
        long offHeapBytes = Math.max(64L << 20, (long) n * (size + 2048));
        Tier1 tier1 = new Tier1(offHeapBytes, n, clock);
        long before = usedHeapAfterGc();
        byte[] body = Fixtures.body(size);
        for (int i = 0; i < n; i++) {
            String key = key(i);
            // a body array of its own per entry, as decoded entries have
            tier1.put(key, new CachedResponse(key, 200, Fixtures.typicalHeaders(), body.clone(), now, 0,
                    now + 3_600_000, 0, new String[0], new String[0], 0, 0), now + 3_600_000);
        }
        long afterPuts = usedHeapAfterGc();
        int found = 0;
        for (int i = 0; i < n; i++) {
            if (tier1.get(key(i), now) != null) {
                found++;
            }
        }
        long afterReads = usedHeapAfterGc();
        TierStatistics onHeap = tierStatistics(tier1, "OnHeap");
        TierStatistics offHeap = tierStatistics(tier1, "OffHeap");
        double heapPerEntry = (double) (afterReads - before) / onHeap.getMappings();
        double offHeapPerEntry = (double) offHeap.getOccupiedByteSize() / offHeap.getMappings();
        System.out.printf("found %,d of %,d; heap tier holds %,d, off-heap tier %,d%n", found, n,
                onHeap.getMappings(), offHeap.getMappings());
        System.out.printf("heap after puts (off-heap only): %+,.0f B per entry%n", (double) (afterPuts - before) / n);
        System.out.printf("heap tier: %,.0f B per entry, %,.0f B beyond body and headers%n", heapPerEntry,
                heapPerEntry - payload);
        System.out.printf("off-heap tier: %,.0f B per entry, %,.0f B beyond body and headers%n", offHeapPerEntry,
                offHeapPerEntry - payload);
        tier1.close();
    }

    private static void tier2(int size, int n, long payload) throws Exception {
        HazelcastInstance member = Fixtures.member();
        member.getConfig().addMapConfig(HazelcastConnector.mapConfig("strata-responses"));
        IMap<String, byte[]> map = member.getMap("strata-responses");
        map.get("warm-up");
        long now = System.currentTimeMillis();
        long before = usedHeapAfterGc();
        byte[] body = Fixtures.body(size);
        long encodedBytes = 0;
        for (int i = 0; i < n; i++) {
            String key = key(i);
            byte[] encoded = EntryCodec.encode(new CachedResponse(key, 200, Fixtures.typicalHeaders(), body, now, 0,
                    now + 3_600_000, 0, new String[0], new String[0], 0, 0), 0, now);
            encodedBytes += encoded.length;
            map.set(key, encoded, 3600, TimeUnit.SECONDS);
        }
        long after = usedHeapAfterGc();
        LocalMapStats stats = map.getLocalMapStats();
        double perEntry = (double) stats.getOwnedEntryMemoryCost() / stats.getOwnedEntryCount();
        System.out.printf("owned entries %,d; encoded value %,.0f B on average%n", stats.getOwnedEntryCount(),
                (double) encodedBytes / n);
        System.out.printf("Hazelcast owned entry memory cost: %,.0f B per entry, %,.0f B beyond body and headers%n",
                perEntry, perEntry - payload);
        System.out.printf("used heap difference: %,.0f B per entry%n", (double) (after - before) / n);
        member.shutdown();
    }

    private static TierStatistics tierStatistics(Tier1 tier1, String tier) throws ReflectiveOperationException {
        Object manager = field(tier1, "manager");
        StatisticsService statistics = (StatisticsService) field(manager, "statisticsService");
        return statistics.getCacheStatistics("strata-tier1").getTierStatistics().get(tier);
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
