package dev.strata.internal.tier;

import dev.strata.internal.entry.StoredValue;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheEventListenerConfigurationBuilder;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.CacheEventListener;
import org.ehcache.event.EventType;
import org.ehcache.config.builders.ConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.expiry.ExpiryPolicy;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;

/**
 * Tier 1: this node's JCache, on Ehcache 3.
 *
 * <p>Bounded in bytes by an off-heap tier of {@code tier1MaxBytes} (bodies are bytes, and off-heap
 * keeps them out of the garbage collector), with a small heap tier of {@code tier1HeapEntries}
 * entries in front of it that serves hot entries by reference, without decoding. Ehcache's off-heap
 * tier is authoritative, so the byte bound covers every entry; the heap tier adds at most
 * {@code tier1HeapEntries × maxEntryBytes} of heap.
 */
public final class Tier1 implements AutoCloseable {
    /** Ehcache's provider, named because Hazelcast ships a JCache provider too. */
    static final String EHCACHE_PROVIDER = "org.ehcache.jsr107.EhcacheCachingProvider";
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final CacheManager manager;
    private final Cache<String, LocalCopy> cache;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param maxBytes off-heap bytes
     * @param heapEntries entries on heap
     * @param clock the clock recheck deadlines are in
     */
    public Tier1(long maxBytes, int heapEntries, Clock clock) {
        ClassLoader loader = Tier1.class.getClassLoader();
        EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching.getCachingProvider(EHCACHE_PROVIDER, loader);
        // A URI of its own per filter; the Configuration form skips Ehcache's XML loading.
        URI uri = URI.create("strata:tier1:" + INSTANCES.incrementAndGet());
        this.manager = provider.getCacheManager(uri,
                ConfigurationBuilder.newConfigurationBuilder().withClassLoader(loader).build());
        var config = CacheConfigurationBuilder
                .newCacheConfigurationBuilder(String.class, LocalCopy.class, ResourcePoolsBuilder.newResourcePoolsBuilder()
                        .heap(heapEntries, EntryUnit.ENTRIES)
                        .offheap(maxBytes, MemoryUnit.B))
                .withValueSerializer(new LocalCopySerializer())
                .withExpiry(new RecheckExpiry(clock))
                .withService(CacheEventListenerConfigurationBuilder
                        .newEventListenerConfiguration(new Sizes(), EventType.CREATED, EventType.UPDATED,
                                EventType.REMOVED, EventType.EVICTED, EventType.EXPIRED)
                        .unordered().asynchronous())
                .build();
        this.cache = manager.createCache("strata-tier1", Eh107Configuration.fromEhcacheCacheConfiguration(config));
    }

    /** The value under {@code key} while its copy may still be used at {@code now}, else {@code null}. */
    public StoredValue get(String key, long now) {
        LocalCopy copy = cache.get(key);
        return copy == null || now >= copy.recheckAt() ? null : copy.value();
    }

    /** Stores a copy used until {@code recheckAt}. */
    public void put(String key, StoredValue value, long recheckAt) {
        cache.put(key, new LocalCopy(value, recheckAt));
    }

    /** Removes the copy under {@code key}. */
    public void remove(String key) {
        cache.remove(key);
    }

    /** Entries held, as Ehcache's events tell (they arrive asynchronously: approximate). */
    public long entries() {
        return Math.max(0, entries.get());
    }

    /** Their approximate size in bytes (bodies, keys and header fields). */
    public long bytes() {
        return Math.max(0, bytes.get());
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Approximate bytes a value takes: its body, plus two bytes per character of its strings. */
    static long estimate(LocalCopy copy) {
        if (copy == null) {
            return 0;
        }
        StoredValue v = copy.value();
        long size = 64 + 2L * v.key().length();
        if (v instanceof dev.strata.internal.entry.CachedResponse r) {
            size += r.body().length;
            for (int i = 0; i < r.headers().size(); i++) {
                size += 2L * (r.headers().name(i).length() + r.headers().value(i).length());
            }
            for (String tag : r.tags()) {
                size += 2L * tag.length();
            }
        }
        return size;
    }

    /** Keeps {@link #entries()} and {@link #bytes()} from Ehcache's events, evictions included. */
    private final class Sizes implements CacheEventListener<String, LocalCopy> {
        @Override
        public void onEvent(CacheEvent<? extends String, ? extends LocalCopy> event) {
            switch (event.getType()) {
                case CREATED -> {
                    entries.incrementAndGet();
                    bytes.addAndGet(estimate(event.getNewValue()));
                }
                case UPDATED -> bytes.addAndGet(estimate(event.getNewValue()) - estimate(event.getOldValue()));
                default -> {
                    entries.decrementAndGet();
                    bytes.addAndGet(-estimate(event.getOldValue()));
                }
            }
        }
    }

    /** Lets Ehcache evict a copy once it may no longer be used. */
    private static final class RecheckExpiry implements ExpiryPolicy<String, LocalCopy> {
        private final Clock clock;

        RecheckExpiry(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Duration getExpiryForCreation(String key, LocalCopy value) {
            return Duration.ofMillis(Math.max(1, value.recheckAt() - clock.millis()));
        }

        @Override
        public Duration getExpiryForAccess(String key, Supplier<? extends LocalCopy> value) {
            return null;
        }

        @Override
        public Duration getExpiryForUpdate(String key, Supplier<? extends LocalCopy> oldValue, LocalCopy newValue) {
            return getExpiryForCreation(key, newValue);
        }
    }
}
