package dev.strata.internal;

import dev.strata.internal.coordination.Claim;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.entry.CorruptEntryException;
import dev.strata.internal.entry.EntryCodec;
import dev.strata.internal.entry.StoredValue;
import dev.strata.internal.entry.VariantIndex;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
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

    TieredStore(Tier1 tier1, Tier2 tier2, WriteBehind writes, Counters counters, long tier1MaxTtlMillis,
            long minWriteIntervalMillis) {
        this.minWriteIntervalMillis = minWriteIntervalMillis;
        this.tier1 = tier1;
        this.tier2 = tier2;
        this.writes = writes;
        this.counters = counters;
        this.tier1MaxTtlMillis = tier1MaxTtlMillis;
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
        if (tier1 != null) {
            try {
                StoredValue v = tier1.get(key.storage(), now);
                if (v != null) {
                    if (v.key().equals(key.full())) {
                        return new Read(v, Source.TIER1);
                    }
                    counters.corruptEntries.increment();
                }
            } catch (RuntimeException e) {
                counters.tier1Errors.increment();
                tier1Log.warn("Strata tier-1 read failed, treating as a miss", e);
            }
        }
        if (tier2 != null) {
            try {
                byte[] data = tier2.get(key.storage());
                if (data != null) {
                    StoredValue v = EntryCodec.decode(data, key.full());
                    promote(key, v, now);
                    return new Read(v, Source.TIER2);
                }
            } catch (TierException e) {
                tier2Failed(e, "read");
            } catch (CorruptEntryException e) {
                counters.corruptEntries.increment();
                tier2Log.warn("Strata ignored a corrupt tier-2 entry", e);
            }
        }
        return null;
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
        store(primary, storeKey, response, now, Claim.UNFENCED, written -> { });
    }

    /**
     * Stores a response under a writer's fence, off the request thread, then tells {@code done}
     * whether tier 2 took it (a dropped or refused write answers {@code false}).
     *
     * @param fence the writer's fence, or {@link Claim#UNFENCED} for an unconditional write
     */
    void store(CacheKey primary, CacheKey storeKey, CachedResponse response, long now, long fence,
            Consumer<Boolean> done) {
        boolean queued = submit(() -> {
            boolean written = false;
            try {
                if (response.varyNames().length != 0) {
                    write(primary, new VariantIndex(primary.full(), response.varyNames(), response.keepUntil(),
                            response.version()), now, Claim.UNFENCED);
                }
                written = write(storeKey, response, now, fence);
                if (written) {
                    counters.stores.increment();
                }
            } finally {
                done.accept(written);
            }
        });
        if (!queued) {
            done.accept(false);
        }
    }

    /**
     * Writes to tier 2, fenced when a fence is given, then to tier 1 unless tier 2 refused it as
     * older than what it has; answers whether the value was kept anywhere.
     */
    private boolean write(CacheKey key, StoredValue value, long now, long fence) {
        long keepUntil = value instanceof CachedResponse r ? r.keepUntil() : value.expiresAt();
        long ttl = keepUntil - now;
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
                        minWriteIntervalMillis)) {
                    written = true;
                } else {
                    counters.fencedOut.increment();
                    return false;
                }
            } catch (TierException e) {
                tier2Failed(e, "write");
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
        try {
            StoredValue v = ownerRead(primary);
            if (v instanceof VariantIndex index) {
                String[] values = KeyBuilder.normalisedValues(index.varyNames(), requestValues);
                StoredValue variant = ownerRead(KeyBuilder.variant(primary, index.varyNames(), values));
                if (variant instanceof CachedResponse r && Arrays.equals(r.varyNames(), index.varyNames())
                        && Arrays.equals(r.varyValues(), values) && r.freshAt(now)) {
                    return r;
                }
                return null;
            }
            if (v instanceof CachedResponse r && r.varyNames().length == 0 && r.freshAt(now)) {
                return r;
            }
        } catch (TierException e) {
            tier2Failed(e, "read");
        } catch (CorruptEntryException e) {
            counters.corruptEntries.increment();
        }
        return null;
    }

    private StoredValue ownerRead(CacheKey key) throws TierException, CorruptEntryException {
        byte[] data = tier2.getFromOwner(key.storage());
        return data == null ? null : EntryCodec.decode(data, key.full());
    }

    private boolean putTier1(CacheKey key, StoredValue value, long now) {
        if (tier1 == null) {
            return false;
        }
        long keepUntil = value instanceof CachedResponse r ? r.keepUntil() : value.expiresAt();
        try {
            tier1.put(key.storage(), value, Math.min(keepUntil, now + tier1MaxTtlMillis));
            return true;
        } catch (RuntimeException e) {
            counters.tier1Errors.increment();
            tier1Log.warn("Strata tier-1 write failed, dropped", e);
            return false;
        }
    }

    private void tier2Failed(TierException e, String operation) {
        counters.tier2Errors.increment();
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
        boolean queued = submit(() -> {
            try {
                if (putTier1(storeKey, response, now)) {
                    counters.stores.increment();
                }
            } finally {
                done.run();
            }
        });
        if (!queued) {
            done.run();
        }
    }

    /** The tier-2 breaker state, or {@code DISABLED}. */
    String tier2Circuit() {
        return tier2 == null ? "DISABLED" : tier2.circuitState().name();
    }

    @Override
    public void close() {
        writes.close();
        if (tier1 != null) {
            tier1.close();
        }
    }
}
