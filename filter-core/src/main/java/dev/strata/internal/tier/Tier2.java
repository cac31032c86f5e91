package dev.strata.internal.tier;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import dev.strata.internal.entry.CorruptEntryException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Tier 2: the cluster's Hazelcast {@code IMap} of encoded entries. Every call is bounded by the
 * configured timeout and passes through a circuit breaker, and is skipped at once when the key's
 * partition owner is stalled ({@link MemberHealth}); failures surface as {@link TierException} for
 * the caller to fail open on.
 */
public final class Tier2 {
    private final Supplier<IMap<String, byte[]>> map;
    private final long timeoutMillis;
    private final CircuitBreaker breaker;
    private final MemberHealth members;
    /** Reads keys this member owns without a hand-off; resolved on first use (null: not a member). */
    private volatile OwnedReplica owned;
    private volatile boolean ownedResolved;

    /**
     * @param map the tier-2 map
     * @param timeout bound on one call
     * @param breaker the breaker guarding the cluster
     */
    public Tier2(IMap<String, byte[]> map, Duration timeout, CircuitBreaker breaker) {
        this(() -> map, timeout, breaker, null);
    }

    /**
     * @param map the tier-2 map, obtained on each call: a client's proxy cannot be created before
     *     it is connected, and a failure to create it is a failed call like any other
     * @param timeout bound on one call
     * @param breaker the breaker guarding the cluster
     * @param members stalled members to skip, or {@code null}
     */
    public Tier2(Supplier<IMap<String, byte[]>> map, Duration timeout, CircuitBreaker breaker,
            MemberHealth members) {
        this.map = map;
        this.members = members;
        this.timeoutMillis = timeout.toMillis();
        this.breaker = breaker;
    }

    /**
     * The encoded value under {@code key}, or {@code null}.
     *
     * @throws CorruptEntryException when the map holds something else than bytes under the key
     *     (another application's value, or one written by someone who should not write this map)
     */
    public byte[] get(String key) throws TierException, CorruptEntryException {
        // Read through an untyped view: a typed read would fail with a ClassCastException outside
        // this method, and a foreign value must be a corrupt entry, not a tier failure.
        Object value = ownedRead(key);
        if (value == OwnedReplica.NOT_OWNED) {
            value = unlessForeign(key, () -> untyped().getAsync(key).toCompletableFuture(), OwnedReplica.FOREIGN);
        }
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw new CorruptEntryException("tier-2 value of type "
                + (value == OwnedReplica.FOREIGN ? value : value.getClass().getName()) + ", expected bytes");
    }

    /** Stores an encoded value for {@code ttlMillis}, rounded up to Hazelcast's whole seconds. */
    public void put(String key, byte[] value, long ttlMillis) throws TierException {
        long seconds = Math.max(1, (ttlMillis + 999) / 1000);
        call(key, () -> map.get().setAsync(key, value, seconds, TimeUnit.SECONDS).toCompletableFuture());
    }

    /**
     * Writes an encoded value only if {@code fence} is not older than the stored value's (see
     * {@link PublishIfNewer}); answers whether it was written.
     *
     * @param claimedAt when the writer claimed the key (epoch millis): entries written before it
     *     hold the write back for {@code minIntervalMillis}, entries written after it do not
     */
    public boolean publish(String key, byte[] value, long ttlMillis, long fence, long claimedAt,
            long minIntervalMillis) throws TierException {
        long seconds = Math.max(1, (ttlMillis + 999) / 1000);
        PublishIfNewer publish = new PublishIfNewer(value, fence, seconds, minIntervalMillis, claimedAt);
        Boolean written = unlessForeign(key, () -> map.get().submitToKey(key, publish).toCompletableFuture(), null);
        if (written == null) {
            // a value that is not Strata's holds the key: overwritten unread by an empty value (a
            // set, unlike a delete, sends no removal event that would drop tier-1 copies of the
            // response about to be published), then written once more
            call(key, () -> map.get().setAsync(key, new byte[0], 1, TimeUnit.SECONDS).toCompletableFuture());
            written = call(key, () -> map.get().submitToKey(key, publish).toCompletableFuture());
        }
        return Boolean.TRUE.equals(written);
    }

    /** The encoded value as the partition owner has it, or {@code null}. */
    public byte[] getFromOwner(String key) throws TierException {
        Object local = ownedRead(key);
        if (local == null || local instanceof byte[]) {
            return (byte[]) local;
        }
        if (local == OwnedReplica.FOREIGN) {
            return null;
        }
        // the owner answers null for a value that is not a byte array (ReadFromOwner)
        return unlessForeign(key, () -> map.get().submitToKey(key, new ReadFromOwner()).toCompletableFuture(), null);
    }

    /** Removes the value under {@code key}. */
    public void remove(String key) throws TierException {
        // delete, not remove: the old value is never sent back, nor deserialized
        call(key, () -> map.get().deleteAsync(key).toCompletableFuture());
    }

    /** The owned replica's answer for {@code key}, or {@link OwnedReplica#NOT_OWNED}. */
    private Object ownedRead(String key) {
        if (!ownedResolved) {
            if (breaker.skipping()) {
                return OwnedReplica.NOT_OWNED; // a client still offline: do not make it throw per read
            }
            try {
                owned = OwnedReplica.of(map.get());
                ownedResolved = true;
            } catch (RuntimeException e) {
                return OwnedReplica.NOT_OWNED; // not connected yet: the bounded read says so
            }
        }
        OwnedReplica reader = owned;
        return reader == null ? OwnedReplica.NOT_OWNED : reader.read(key);
    }

    @SuppressWarnings("unchecked")
    private IMap<String, Object> untyped() {
        return (IMap<String, Object>) (IMap<String, ?>) map.get();
    }

    /** The breaker shared with the write coordinator and the namespace version. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** The stalled members shared with the write coordinator, or {@code null}. */
    public MemberHealth members() {
        return members;
    }

    /**
     * Calls {@code removed} with the key of every entry any member removes from the map, so that each
     * node can drop its tier-1 copy (issue 4: invalidation on every node).
     *
     * @return the registration, for {@link #removeListener}, or {@code null} when the cluster could
     *     not be reached
     */
    public java.util.UUID onRemoved(java.util.function.Consumer<String> removed) {
        try {
            return map.get().addEntryListener(
                    (com.hazelcast.map.listener.EntryRemovedListener<String, byte[]>) e -> removed.accept(e.getKey()),
                    false);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Stops a listener added by {@link #onRemoved}. */
    public void removeListener(java.util.UUID registration) {
        try {
            map.get().removeEntryListener(registration);
        } catch (RuntimeException e) {
            // the member is going away anyway
        }
    }

    /** Whether the breaker is skipping calls now, so that related cluster calls can skip too. */
    public boolean skipping() {
        return breaker.skipping();
    }

    /**
     * Tier-2 entries this member owns (their sum over the members is the map's size); 0 on a
     * Hazelcast client, which owns none.
     */
    public long ownedEntries() {
        try {
            return map.get().getLocalMapStats().getOwnedEntryCount();
        } catch (UnsupportedOperationException e) {
            return 0;
        }
    }

    /** The memory the entries this member owns take, in bytes; 0 on a Hazelcast client. */
    public long ownedBytes() {
        try {
            return map.get().getLocalMapStats().getOwnedEntryMemoryCost();
        } catch (UnsupportedOperationException e) {
            return 0;
        }
    }

    /** The breaker's state. */
    public CircuitBreaker.State circuitState() {
        return breaker.state();
    }

    /** A call whose answer is {@code ifForeign} when Hazelcast refused to deserialize it. */
    private <T> T unlessForeign(String key, Supplier<CompletableFuture<T>> operation, T ifForeign)
            throws TierException {
        try {
            return call(key, operation);
        } catch (TierException e) {
            if (e.foreign()) {
                return ifForeign;
            }
            throw e;
        }
    }

    /**
     * A failed call: a value Hazelcast refused to deserialize (its serialization filter, or a class
     * this node does not have) was answered by a healthy cluster, so it does not count against the
     * breaker ({@link TierException#foreign}); anything else does.
     */
    private TierException refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HazelcastSerializationException || t instanceof SecurityException) {
                breaker.success();
                return TierException.foreignValue(failure);
            }
        }
        breaker.failure();
        return new TierException("tier-2 call failed: " + failure, failure, false);
    }

    private <T> T call(String key, Supplier<CompletableFuture<T>> operation) throws TierException {
        java.util.UUID owner = members == null ? null : members.owner(key);
        if (members != null && members.suspect(owner)) {
            throw new TierException("tier-2 member " + owner + " stalled", null, true);
        }
        if (!breaker.allow()) {
            throw new TierException("tier-2 circuit open", null, true);
        }
        CompletableFuture<T> future = null;
        try {
            future = operation.get();
            T result = future.get(timeoutMillis, TimeUnit.MILLISECONDS);
            breaker.success();
            if (members != null) {
                members.answered(owner);
            }
            return result;
        } catch (TimeoutException e) {
            if (future != null) {
                future.cancel(true);
            }
            if (members != null) {
                members.timedOut(owner);
            }
            breaker.failure();
            throw new TierException("tier-2 call timed out after " + timeoutMillis + " ms", e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.failure();
            throw new TierException("interrupted", e, false);
        } catch (ExecutionException e) {
            throw refused(e.getCause());
        } catch (RuntimeException e) {
            throw refused(e);
        } catch (Error e) {
            // never leave a half-open breaker waiting for an outcome that will not come
            breaker.failure();
            throw e;
        }
    }
}
