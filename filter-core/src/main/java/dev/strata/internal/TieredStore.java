package dev.strata.internal;

import dev.strata.internal.coordination.Claim;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.entry.CorruptEntryException;
import dev.strata.internal.entry.EntryCodec;
import dev.strata.internal.entry.StoredValue;
import dev.strata.internal.entry.VariantIndex;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
import dev.strata.internal.purge.PurgeRecords;
import dev.strata.spi.CacheEvent.Tier;
import dev.strata.internal.tier.Tier1;
import dev.strata.internal.tier.Tier2;
import dev.strata.internal.tier.TierException;
import dev.strata.internal.tier.WriteBehind;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads through tier 1 then tier 2, resolving {@code Vary} through variant indexes, and writes to
 * both tiers off the request thread. Every tier failure is counted, logged at a limited rate and
 * turned into a miss or a dropped write: this class never throws on account of a tier.
 */
final class TieredStore implements AutoCloseable {
    /** Which tier answered. */
    enum Source { TIER1, TIER2 }

    /**
     * The outcome of a lookup: a response and the tier it came from, or why there was none.
     *
     * @param response the stored response, fresh or not, or {@code null}
     * @param source the tier that had it
     * @param missReason RFC 9211 fwd reason when {@code response} is null: uri-miss or vary-miss
     * @param storeKey the key a response for this request is stored under (variant key once known)
     */
    record Lookup(CachedResponse response, Source source, String missReason, CacheKey storeKey) {
    }

    private record Read(StoredValue value, Source source) {
    }

    private final Tier1 tier1;
    private final Tier2 tier2;
    private final WriteBehind writes;
    private final Counters counters;
    private final long tier1MaxTtlMillis;
    private final long minWriteIntervalMillis;
    private final RateLimitedLog tier1Log = new RateLimitedLog(10_000);
    private final RateLimitedLog tier2Log = new RateLimitedLog(10_000);
    private final PurgeRecords purges;
    private final Events events;
    // --- issue 4: stale retention, variant bound, invalidation, read-your-writes ---
    private final long staleRetentionMillis;
    private final int maxVariants;
    private final InvalidationLog invalidations;
    private final java.util.UUID removalListener;
    /**
     * Unfenced values handed to the background writer and not written yet, served from here
     * meanwhile: a client that asks again right after its response must find what that response
     * stored. (A claimed writer's flight does this for coalesced misses.)
     */
    private final java.util.concurrent.ConcurrentHashMap<String, StoredValue> pending =
            new java.util.concurrent.ConcurrentHashMap<>();

    TieredStore(Tier1 tier1, Tier2 tier2, WriteBehind writes, Counters counters, long tier1MaxTtlMillis,
            long minWriteIntervalMillis) {
        this(tier1, tier2, writes, counters, tier1MaxTtlMillis, minWriteIntervalMillis, null, null);
    }

    /**
     * @param purges checked on every read from either tier ({@code null}: no purges)
     * @param events told of stores, errors and tier-2 read times ({@code null}: nobody listens)
     */
    TieredStore(Tier1 tier1, Tier2 tier2, WriteBehind writes, Counters counters, long tier1MaxTtlMillis,
            long minWriteIntervalMillis, PurgeRecords purges, Events events) {
        this(tier1, tier2, writes, counters, tier1MaxTtlMillis, minWriteIntervalMillis, purges, events, 0,
                Integer.MAX_VALUE, new InvalidationLog());
    }

    /**
     * @param staleRetentionMillis how long past freshness a response is kept (validation, max-stale)
     * @param maxVariants variants kept per URL
     * @param invalidations this node's recent invalidations, which queued writes must not undo
     */
    TieredStore(Tier1 tier1, Tier2 tier2, WriteBehind writes, Counters counters, long tier1MaxTtlMillis,
            long minWriteIntervalMillis, PurgeRecords purges, Events events, long staleRetentionMillis,
            int maxVariants, InvalidationLog invalidations) {
        this.purges = purges;
        this.events = events;
        this.minWriteIntervalMillis = minWriteIntervalMillis;
        this.tier1 = tier1;
        this.tier2 = tier2;
        this.writes = writes;
        this.counters = counters;
        this.tier1MaxTtlMillis = tier1MaxTtlMillis;
        this.staleRetentionMillis = staleRetentionMillis;
        this.maxVariants = maxVariants;
        this.invalidations = invalidations;
        this.removalListener = tier1 != null && tier2 != null ? tier2.onRemoved(this::dropTier1Copy) : null;
    }

    /**
     * Finds the stored response for a request.
     *
     * @param primary the URL's key
     * @param requestValues all values of a request field joined, or {@code null}
     * @param now the current time
     */
    Lookup find(CacheKey primary, Function<String, String> requestValues, long now) {
        Read read = read(primary, now);
        if (read == null) {
            return new Lookup(null, null, "uri-miss", primary);
        }
        if (read.value instanceof VariantIndex index) {
            String[] values = KeyBuilder.normalisedValues(index.varyNames(), requestValues);
            CacheKey variant = KeyBuilder.variant(primary, index.varyNames(), values);
            if (!index.lists(variant.storage())) {
                return new Lookup(null, null, "vary-miss", variant);
            }
            Read variantRead = read(variant, now);
            if (variantRead == null || !(variantRead.value instanceof CachedResponse response)
                    || !Arrays.equals(response.varyNames(), index.varyNames())
                    || !Arrays.equals(response.varyValues(), values)) {
                return new Lookup(null, null, "vary-miss", variant);
            }
            return new Lookup(response, variantRead.source, null, variant);
        }
        CachedResponse response = (CachedResponse) read.value;
        if (response.varyNames().length != 0) {
            // A response that varies is only ever stored under a variant key.
            counters.corruptEntries.increment();
            return new Lookup(null, null, "uri-miss", primary);
        }
        return new Lookup(response, read.source, null, primary);
    }

    private Read read(CacheKey key, long now) {
        StoredValue queued = pending.get(key.storage());
        if (queued != null && queued.key().equals(key.full()) && keepUntil(queued) > now) {
            StoredValue admitted = admit(queued, now);
            if (admitted != null) {
                return new Read(admitted, Source.TIER1);
            }
        }
        return readTiers(key, now);
    }

    private Read readTiers(CacheKey key, long now) {
        // a tier-1 copy a soft purge marked stale gives way to a refreshed entry in tier 2
        Read softPurged = null;
        if (tier1 != null) {
            try {
                StoredValue v = tier1.get(key.storage(), now);
                if (v != null) {
                    if (v.key().equals(key.full())) {
                        StoredValue admitted = admit(v, now);
                        if (admitted == v) {
                            return new Read(v, Source.TIER1);
                        }
                        if (admitted != null) {
                            softPurged = new Read(admitted, Source.TIER1);
                        } else {
                            tier1.remove(key.storage()); // purged: tier 2 may hold its replacement
                        }
                    } else {
                        counters.corruptEntries.increment();
                    }
                }
            } catch (RuntimeException e) {
                counters.tier1Errors.increment();
                tier1Log.warn("Strata tier-1 read failed, treating as a miss", e);
                error(Tier.TIER1, "read", key);
            }
        }
        if (tier2 != null) {
            long started = System.nanoTime();
            try {
                byte[] data = tier2.get(key.storage());
                if (events != null) {
                    events.tier2Read(key.full(), System.nanoTime() - started);
                }
                if (data != null) {
                    StoredValue decoded = EntryCodec.decode(data, key.full());
                    if (keepUntil(decoded) <= now) {
                        // backups and whole-second TTLs can outlive the value: past its time it is gone
                        return softPurged;
                    }
                    StoredValue v = admit(decoded, now);
                    if (v == null || softPurged != null && v != decoded) {
                        return softPurged; // purged, or no newer than the marked tier-1 copy
                    }
                    promote(key, v, now);
                    return new Read(v, Source.TIER2);
                }
            } catch (TierException e) {
                tier2Failed(e, "read", key);
            } catch (CorruptEntryException e) {
                counters.corruptEntries.increment();
                tier2Log.warn("Strata ignored a corrupt tier-2 entry", e);
            }
        }
        return softPurged;
    }

    /** A stored value as purges leave it: {@code null} when purged, or marked stale by a soft purge. */
    private StoredValue admit(StoredValue v, long now) {
        if (purges == null || !(v instanceof CachedResponse r)) {
            return v;
        }
        return purges.admit(r, now);
    }

    private void error(Tier tier, String operation, CacheKey key) {
        if (events != null) {
            events.error(tier, operation, key.full());
        }
    }

    private void promote(CacheKey key, StoredValue v, long now) {
        if (tier1 == null || v.expiresAt() <= now) {
            return;
        }
        submit(() -> putTier1(key, v, now));
    }

    /** Puts a response another node stored, read from tier 2, into this node's tier 1. */
    void promoteFound(CachedResponse response, long now) {
        promote(CacheKey.of(response.key()), response, now);
    }

    /**
     * Stores a response (and, when it varies, the URL's variant index) in both tiers, off the
     * request thread.
     *
     * @param primary the URL's key
     * @param storeKey where the response goes: {@code primary}, or its variant key
     * @param response the response, whose key echo is {@code storeKey.full()}
     * @param now the current time
     */
    void store(CacheKey primary, CacheKey storeKey, CachedResponse response, long now) {
        store(primary, storeKey, response, now, Claim.UNFENCED, now, written -> { });
    }

    /**
     * Stores a response under a writer's fence, off the request thread, then tells {@code done}
     * whether tier 2 took it (a dropped or refused write answers {@code false}).
     *
     * @param fence the writer's fence, or {@link Claim#UNFENCED} for an unconditional write
     * @param claimedAt when the writer claimed the key ({@link Claim#claimedAt()})
     */
    void store(CacheKey primary, CacheKey storeKey, CachedResponse response, long now, long fence, long claimedAt,
            Consumer<Boolean> done) {
        // a claimed writer's flight hands its response to requests until the write lands; an
        // unfenced store (a validated response) is served from memory meanwhile
        Runnable held = fence == Claim.UNFENCED ? holdUntilWritten(primary, storeKey, response, now) : () -> { };
        boolean queued = submit(() -> {
            boolean written = false;
            try {
                if (invalidations.invalidated(primary.storage(), response.storedAt())) {
                    return; // received before this URL was invalidated: storing it would undo that
                }
                if (response.varyNames().length != 0) {
                    write(primary, mergedIndex(primary, storeKey, response, now), now, Claim.UNFENCED, now);
                }
                written = write(storeKey, response, now, fence, claimedAt);
                if (written) {
                    counters.stores.increment();
                    if (events != null) {
                        events.stored(storeKey.full());
                    }
                }
            } finally {
                held.run();
                done.accept(written);
            }
        });
        if (!queued) {
            held.run();
            done.accept(false);
        }
    }

    /**
     * Serves a response (and its provisional variant index) from memory until its background write
     * lands; the returned task ends that.
     */
    private Runnable holdUntilWritten(CacheKey primary, CacheKey storeKey, CachedResponse response, long now) {
        VariantIndex provisional = response.varyNames().length == 0 ? null
                : provisionalIndex(primary, storeKey, response, now);
        pending.put(storeKey.storage(), response);
        if (provisional != null) {
            pending.put(primary.storage(), provisional);
        }
        return () -> {
            pending.remove(storeKey.storage(), response);
            if (provisional != null) {
                pending.remove(primary.storage(), provisional);
            }
        };
    }

    /**
     * The index served until the background write lands: this variant added to what this node
     * knows locally (a pending index or its tier-1 copy). Variants only other nodes listed are a
     * miss meanwhile, which is harmless.
     */
    private VariantIndex provisionalIndex(CacheKey primary, CacheKey storeKey, CachedResponse response, long now) {
        StoredValue local = pending.get(primary.storage());
        if (local == null && tier1 != null) {
            try {
                local = tier1.get(primary.storage(), now);
            } catch (RuntimeException e) {
                local = null;
            }
        }
        java.util.List<String> variants = new java.util.ArrayList<>();
        if (local instanceof VariantIndex old && old.key().equals(primary.full())
                && Arrays.equals(old.varyNames(), response.varyNames())) {
            variants.addAll(Arrays.asList(old.variants()));
        }
        variants.remove(storeKey.storage());
        variants.add(storeKey.storage());
        while (variants.size() > maxVariants) {
            variants.remove(0);
        }
        return new VariantIndex(primary.full(), response.varyNames(), keepUntil(response), response.version(),
                variants.toArray(new String[0]));
    }

    /**
     * The URL's variant index with this variant listed last; the oldest variants past
     * {@code maxVariants} are dropped from the index and the tiers. An index for other
     * {@code Vary} names is replaced, which leaves its variants unreachable.
     */
    private VariantIndex mergedIndex(CacheKey primary, CacheKey storeKey, CachedResponse response, long now) {
        java.util.List<String> variants = new java.util.ArrayList<>();
        long until = keepUntil(response);
        Read current = readTiers(primary, now);
        if (current != null && current.value instanceof VariantIndex old
                && Arrays.equals(old.varyNames(), response.varyNames())) {
            variants.addAll(Arrays.asList(old.variants()));
            until = Math.max(until, old.expiresAt());
        }
        variants.remove(storeKey.storage());
        variants.add(storeKey.storage());
        while (variants.size() > maxVariants) {
            removeEverywhere(variants.remove(0));
        }
        return new VariantIndex(primary.full(), response.varyNames(), until, response.version(),
                variants.toArray(new String[0]));
    }

    /**
     * Removes a URL's stored responses (its variants too) from both tiers, off the request thread.
     * The caller records the invalidation in the {@link InvalidationLog} first, so this node neither
     * serves nor re-stores the old responses in the meantime. Other nodes drop their tier-1 copies
     * when tier 2 tells them of the removal.
     */
    void invalidate(CacheKey primary) {
        StoredValue queued = pending.remove(primary.storage());
        if (queued instanceof VariantIndex index) {
            for (String variant : index.variants()) {
                pending.remove(variant);
            }
        }
        submit(() -> {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            for (StoredValue v : readEachTier(primary)) {
                if (v instanceof VariantIndex index) {
                    keys.addAll(Arrays.asList(index.variants()));
                }
            }
            keys.add(primary.storage());
            keys.forEach(this::removeEverywhere);
        });
    }

    /** What each tier holds under a key (tier 2's copy may be newer than tier 1's), without promoting. */
    private java.util.List<StoredValue> readEachTier(CacheKey key) {
        java.util.List<StoredValue> out = new java.util.ArrayList<>(2);
        if (tier1 != null) {
            try {
                StoredValue v = tier1.get(key.storage(), Long.MIN_VALUE);
                if (v != null && v.key().equals(key.full())) {
                    out.add(v);
                }
            } catch (RuntimeException e) {
                counters.tier1Errors.increment();
            }
        }
        if (tier2 != null) {
            try {
                byte[] data = tier2.get(key.storage());
                if (data != null) {
                    out.add(EntryCodec.decode(data, key.full()));
                }
            } catch (TierException e) {
                tier2Failed(e, "read", key);
            } catch (CorruptEntryException e) {
                counters.corruptEntries.increment();
            }
        }
        return out;
    }

    private void removeEverywhere(String storageKey) {
        if (tier2 != null) {
            try {
                tier2.remove(storageKey);
            } catch (TierException e) {
                counters.tier2Errors.increment();
                if (!e.skipped()) {
                    tier2Log.warn("Strata tier-2 remove failed, failing open", e);
                }
            }
        }
        dropTier1Copy(storageKey);
    }

    private void dropTier1Copy(String storageKey) {
        if (tier1 == null) {
            return;
        }
        try {
            tier1.remove(storageKey);
        } catch (RuntimeException e) {
            counters.tier1Errors.increment();
            tier1Log.warn("Strata tier-1 remove failed", e);
        }
    }

    /**
     * How long a value is kept in the tiers: to the end of its freshness and of its RFC 5861 stale
     * windows, and at least the stale retention past its freshness, so that it can be validated with
     * a conditional request instead of fetched whole, or served stale where that is allowed.
     */
    long keepUntil(StoredValue value) {
        if (value instanceof CachedResponse r) {
            return Math.max(r.keepUntil(), Math.max(r.expiresAt(), r.storedAt()) + staleRetentionMillis);
        }
        return value.expiresAt();
    }

    /**
     * How long this node's tier-1 copy is used: to the end of the RFC 5861 windows, as tier 2 is
     * where refreshes from other nodes land; the whole stale retention only without tier 2.
     */
    private long tier1Until(StoredValue value) {
        if (tier2 == null || !(value instanceof CachedResponse r)) {
            return keepUntil(value);
        }
        return r.keepUntil();
    }

    /**
     * Writes to tier 2, fenced when a fence is given, then to tier 1 unless tier 2 refused it as
     * older than what it has; answers whether the value was kept anywhere.
     */
    private boolean write(CacheKey key, StoredValue value, long now, long fence, long claimedAt) {
        long ttl = keepUntil(value) - now;
        if (ttl <= 0) {
            return false;
        }
        boolean written = false;
        if (tier2 != null) {
            try {
                if (fence == Claim.UNFENCED) {
                    tier2.put(key.storage(), EntryCodec.encode(value, 0, now), ttl);
                    written = true;
                } else if (tier2.publish(key.storage(), EntryCodec.encode(value, fence, now), ttl, fence,
                        claimedAt, minWriteIntervalMillis)) {
                    written = true;
                } else {
                    counters.fencedOut.increment();
                    return false;
                }
            } catch (TierException e) {
                tier2Failed(e, "write", key);
            }
        }
        return putTier1(key, value, now) || written;
    }

    /**
     * The fresh response for a request as tier 2's partition owners have it right now (no backup
     * reads): what a node waiting for another node's fetch looks for.
     */
    CachedResponse findFromOwner(CacheKey primary, Function<String, String> requestValues, long now) {
        if (tier2 == null) {
            return null;
        }
        return notInvalidated(primary, findFromOwnerUnchecked(primary, requestValues, now));
    }

    /** A response unless this node invalidated its URL after it was received (issue 4). */
    private CachedResponse notInvalidated(CacheKey primary, CachedResponse r) {
        return r != null && invalidations.invalidated(primary.storage(), r.storedAt()) ? null : r;
    }

    private CachedResponse findFromOwnerUnchecked(CacheKey primary, Function<String, String> requestValues,
            long now) {
        try {
            StoredValue v = ownerRead(primary);
            if (v instanceof VariantIndex index) {
                String[] values = KeyBuilder.normalisedValues(index.varyNames(), requestValues);
                CacheKey variantKey = KeyBuilder.variant(primary, index.varyNames(), values);
                if (!index.lists(variantKey.storage())) {
                    return null;
                }
                StoredValue variant = ownerRead(variantKey);
                if (admit(variant, now) instanceof CachedResponse r && Arrays.equals(r.varyNames(), index.varyNames())
                        && Arrays.equals(r.varyValues(), values) && r.freshAt(now)) {
                    return r;
                }
                return null;
            }
            if (admit(v, now) instanceof CachedResponse r && r.varyNames().length == 0 && r.freshAt(now)) {
                return r;
            }
        } catch (TierException e) {
            tier2Failed(e, "read", primary);
        } catch (CorruptEntryException e) {
            counters.corruptEntries.increment();
        }
        return null;
    }

    /**
     * The fresh response for a request in this node's tier 1 alone (no cluster call): what a new
     * leader checks first, since the previous flight for the key may have stored it just after
     * this request's lookup missed and just before it joined.
     */
    CachedResponse findLocal(CacheKey primary, Function<String, String> requestValues, long now) {
        if (tier1 == null) {
            return null;
        }
        return notInvalidated(primary, findLocalUnchecked(primary, requestValues, now));
    }

    private CachedResponse findLocalUnchecked(CacheKey primary, Function<String, String> requestValues, long now) {
        try {
            StoredValue v = localRead(primary, now);
            if (v instanceof VariantIndex index) {
                String[] values = KeyBuilder.normalisedValues(index.varyNames(), requestValues);
                CacheKey variantKey = KeyBuilder.variant(primary, index.varyNames(), values);
                if (!index.lists(variantKey.storage())) {
                    return null;
                }
                StoredValue variant = localRead(variantKey, now);
                if (variant instanceof CachedResponse r && Arrays.equals(r.varyNames(), index.varyNames())
                        && Arrays.equals(r.varyValues(), values) && r.freshAt(now)) {
                    return r;
                }
                return null;
            }
            if (v instanceof CachedResponse r && r.varyNames().length == 0 && r.freshAt(now)) {
                return r;
            }
        } catch (RuntimeException e) {
            counters.tier1Errors.increment();
            tier1Log.warn("Strata tier-1 read failed, treating as a miss", e);
        }
        return null;
    }

    private StoredValue localRead(CacheKey key, long now) {
        StoredValue v = tier1.get(key.storage(), now);
        return v == null || !v.key().equals(key.full()) ? null : admit(v, now);
    }

    private StoredValue ownerRead(CacheKey key) throws TierException, CorruptEntryException {
        byte[] data = tier2.getFromOwner(key.storage());
        return data == null ? null : EntryCodec.decode(data, key.full());
    }

    private boolean putTier1(CacheKey key, StoredValue value, long now) {
        if (tier1 == null) {
            return false;
        }
        long until = Math.min(tier1Until(value), now + tier1MaxTtlMillis);
        if (until <= now) {
            return false;
        }
        try {
            tier1.put(key.storage(), value, until);
            return true;
        } catch (RuntimeException e) {
            counters.tier1Errors.increment();
            tier1Log.warn("Strata tier-1 write failed, dropped", e);
            error(Tier.TIER1, "write", key);
            return false;
        }
    }

    private void tier2Failed(TierException e, String operation, CacheKey key) {
        counters.tier2Errors.increment();
        error(Tier.TIER2, operation, key);
        if (!e.skipped()) {
            tier2Log.warn("Strata tier-2 " + operation + " failed, failing open", e);
        }
    }

    private boolean submit(Runnable write) {
        boolean queued = writes.submit(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                tier1Log.warn("Strata background write failed", e);
            }
        });
        if (!queued) {
            counters.droppedWrites.increment();
        }
        return queued;
    }

    /** Whether the cluster is known to be failing right now (its circuit is open). */
    boolean clusterDown() {
        return tier2 != null && tier2.skipping();
    }

    /** Stores a response in this node's tier 1 only (no claim on the cluster was possible). */
    void storeLocal(CacheKey storeKey, CachedResponse response, long now, Runnable done) {
        if (tier1 == null) {
            // nothing can keep it: end the flight now, not after a queued no-op, or a request
            // arriving meanwhile is handed this response as if the node had stored it
            done.run();
            return;
        }
        boolean queued = submit(() -> {
            try {
                if (putTier1(storeKey, response, now)) {
                    counters.stores.increment();
                    if (events != null) {
                        events.stored(storeKey.full());
                    }
                }
            } finally {
                done.run();
            }
        });
        if (!queued) {
            done.run();
        }
    }

    /** Entries in this node's tier 1 (approximate), 0 without it. */
    long tier1Entries() {
        return tier1 == null ? 0 : tier1.entries();
    }

    /** Approximate bytes of this node's tier 1, 0 without it. */
    long tier1Bytes() {
        return tier1 == null ? 0 : tier1.bytes();
    }

    /** Tier-2 entries this member owns, 0 without tier 2 or when it cannot say. */
    long tier2Entries() {
        try {
            return tier2 == null ? 0 : tier2.ownedEntries();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Bytes the tier-2 entries this member owns take, 0 without tier 2 or when it cannot say. */
    long tier2Bytes() {
        try {
            return tier2 == null ? 0 : tier2.ownedBytes();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The tier-2 breaker state, or {@code DISABLED}. */
    String tier2Circuit() {
        return tier2 == null ? "DISABLED" : tier2.circuitState().name();
    }

    @Override
    public void close() {
        if (removalListener != null) {
            tier2.removeListener(removalListener);
        }
        writes.close();
        if (tier1 != null) {
            tier1.close();
        }
    }
}
