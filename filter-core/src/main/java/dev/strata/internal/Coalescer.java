package dev.strata.internal;

import dev.strata.internal.coordination.Claim;
import dev.strata.internal.coordination.CoordinationException;
import dev.strata.internal.coordination.HitForMiss;
import dev.strata.internal.coordination.LocalFlights;
import dev.strata.internal.coordination.WriteCoordinator;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.key.CacheKey;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One origin fetch per key per refresh for the whole cluster. First per node: the first miss for a
 * key leads, later ones wait for its stored response. Then per cluster: the node's leader claims the
 * key from the {@link WriteCoordinator}; if another node holds it, the leader waits for that node's
 * entry to appear in tier 2 (read from the partition owner), bounded by {@code coalesceTimeout}.
 * Any coordinator failure or timeout fails open: the request goes to the origin and nothing is
 * stored, since only a claimed writer may store; its response still answers this node's requests
 * that waited for it. A node whose cluster is down coalesces on its own and keeps what it fetches
 * in its tier 1: there is no other writer to race.
 */
final class Coalescer {
    /** What a node's leader may do. */
    enum Kind { CLAIMED, FOUND, UNCACHEABLE, LOCAL, FAILED }

    /**
     * The leader's turn.
     *
     * @param kind what to do
     * @param claim the claim when {@code CLAIMED}
     * @param found another writer's fresh response when {@code FOUND}
     */
    record Turn(Kind kind, Claim claim, CachedResponse found) {
        static final Turn UNCACHEABLE = new Turn(Kind.UNCACHEABLE, null, null);
        static final Turn LOCAL = new Turn(Kind.LOCAL, null, null);
        static final Turn FAILED = new Turn(Kind.FAILED, null, null);
    }

    private static final long MAX_BACKOFF_MILLIS = 20;
    private final LocalFlights flights = new LocalFlights();
    private final WriteCoordinator coordinator;
    private final HitForMiss hitForMiss;
    private final TieredStore store;
    private final long timeoutMillis;
    private final RateLimitedLog log = new RateLimitedLog(10_000);

    Coalescer(WriteCoordinator coordinator, HitForMiss hitForMiss, TieredStore store, long timeoutMillis) {
        this.coordinator = coordinator;
        this.hitForMiss = hitForMiss;
        this.store = store;
        this.timeoutMillis = timeoutMillis;
    }

    /** Whether misses for {@code key} should skip coalescing (its last response was not storable). */
    boolean knownUncacheable(CacheKey primary, long now) {
        return hitForMiss.active(primary.storage(), now);
    }

    /** Joins this node's flight for a key (a URL's, or one variant's). */
    LocalFlights.Flight join(CacheKey flightKey) {
        return flights.join(flightKey.storage());
    }

    /** A follower's wait for its node's leader, bounded by {@code coalesceTimeout}. */
    CachedResponse follow(LocalFlights.Flight flight) {
        return flight.await(timeoutMillis);
    }

    /**
     * A node leader's turn: claim the key, or wait for the writer that holds it.
     *
     * @param claimKey the key the cluster-wide claim is taken under: the request's variant when the
     *     URL's variant index names one (variants of one URL have their writers and write intervals
     *     each), else {@code primary}
     * @param requestValues the request's field values, to resolve {@code Vary}
     * @param clock current time in millis
     * @param minStoredAt the oldest entry the request accepts: 0 for a miss, the request's start
     *     for a forced refresh, which wants a response newer than what was stored
     */
    Turn takeTurn(CacheKey primary, CacheKey claimKey, Function<String, String> requestValues,
            java.util.function.LongSupplier clock, long minStoredAt) {
        CachedResponse local = store.findLocal(primary, requestValues, clock.getAsLong());
        if (local != null && local.storedAt() >= minStoredAt) {
            // the previous flight stored it between this request's lookup and its join
            return new Turn(Kind.FOUND, null, local);
        }
        if (store.clusterDown()) {
            // a dead cluster must cost nothing: coalesce on this node only
            return Turn.LOCAL;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long backoff = 1;
        boolean waited = false;
        while (true) {
            Turn turn = claimOnce(claimKey, "Strata write coordinator failed, going to the origin without storing");
            if (turn != null && turn.kind() == Kind.CLAIMED && waited) {
                // The writer we waited for may have just published and released.
                CachedResponse found = store.findFromOwner(primary, requestValues, clock.getAsLong());
                if (found != null && found.storedAt() >= minStoredAt) {
                    coordinator.release(turn.claim(), WriteCoordinator.Outcome.ABANDONED);
                    return new Turn(Kind.FOUND, null, found);
                }
            }
            if (turn != null) {
                return turn;
            }
            waited = true;
            CachedResponse found = store.findFromOwner(primary, requestValues, clock.getAsLong());
            if (found != null && found.storedAt() >= minStoredAt) {
                return new Turn(Kind.FOUND, null, found);
            }
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) > deadline) {
                return Turn.FAILED;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Turn.FAILED;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /**
     * One claim: {@code CLAIMED}, {@code UNCACHEABLE}, {@code FAILED} when the coordinator failed
     * (logged with {@code onFailure}), or {@code null} when another writer holds the key.
     */
    private Turn claimOnce(CacheKey claimKey, String onFailure) {
        Claim claim;
        try {
            claim = coordinator.claim(claimKey.storage());
        } catch (CoordinationException e) {
            log.warn(onFailure, e);
            return Turn.FAILED;
        }
        if (claim.status() == Claim.Status.UNCACHEABLE) {
            return Turn.UNCACHEABLE;
        }
        return claim.claimed() ? new Turn(Kind.CLAIMED, claim, null) : null;
    }

    /**
     * A node leader's turn to validate a stored response, without waiting: claim the key; when
     * another node holds it (validating now) or wrote it within {@code minWriteInterval}, take that
     * node's response if the partition owner has it fresh, else validate without a claim (nothing
     * stored). Validation never queues behind another writer: a response that must be revalidated on
     * every request ({@code no-cache}, {@code max-age=0}) would otherwise wait out the write interval.
     */
    Turn validationTurn(CacheKey primary, CacheKey claimKey, Function<String, String> requestValues, long now,
            long minStoredAt) {
        if (store.clusterDown()) {
            return Turn.LOCAL;
        }
        Turn turn = claimOnce(claimKey, "Strata write coordinator failed, validating without storing");
        if (turn != null) {
            return turn;
        }
        CachedResponse found = store.findFromOwner(primary, requestValues, now);
        return found != null && found.storedAt() >= minStoredAt ? new Turn(Kind.FOUND, null, found) : Turn.FAILED;
    }

    /**
     * Tries to become the one refresher of a key without waiting; gives the claim up when the
     * partition owner already holds a fresh entry (another node just refreshed it, and this node
     * read an older copy, from its tier 1 or a lagging backup).
     */
    Claim tryClaim(CacheKey primary, CacheKey claimKey, Function<String, String> requestValues, long now) {
        try {
            Claim claim = coordinator.claim(claimKey.storage());
            if (claim.claimed() && now != Long.MIN_VALUE
                    && store.findFromOwner(primary, requestValues, now) != null) {
                coordinator.release(claim, WriteCoordinator.Outcome.ABANDONED);
                return null;
            }
            return claim.claimed() ? claim : null;
        } catch (CoordinationException e) {
            log.warn("Strata write coordinator failed, skipping a background refresh", e);
            return null;
        }
    }

    /**
     * The completion of a claimed fetch: followers on this node get the response at once; the
     * fenced tier-2 write runs off the request thread and the claim ends when it is done.
     */
    OriginFetch.Completion leaderCompletion(LocalFlights.Flight flight, Claim claim, CacheKey primary, long now) {
        return new OriginFetch.Completion() {
            @Override
            public void stored(CacheKey storeKey, CachedResponse entry) {
                // followers get it now; the flight stays open until the tiers have it, so that a
                // miss in between is handed this response instead of starting another fetch
                flight.complete(entry);
                store.store(primary, storeKey, entry, now, claim.fence(), claim.claimedAt(), written -> {
                    flight.close();
                    coordinator.release(claim, written ? WriteCoordinator.Outcome.PUBLISHED
                            : WriteCoordinator.Outcome.ABANDONED);
                });
            }

            @Override
            public void notStored(boolean uncacheable) {
                flight.finish(null);
                if (uncacheable) {
                    hitForMiss.mark(primary.storage(), now);
                }
                coordinator.release(claim, uncacheable ? WriteCoordinator.Outcome.UNCACHEABLE
                        : WriteCoordinator.Outcome.ABANDONED);
            }
        };
    }

    /**
     * The completion of a fetch made while the cluster is down: this node's followers get the
     * response, and only this node's tier 1 keeps it.
     */
    OriginFetch.Completion localCompletion(LocalFlights.Flight flight, long now) {
        return new OriginFetch.Completion() {
            @Override
            public void stored(CacheKey storeKey, CachedResponse entry) {
                flight.complete(entry);
                store.storeLocal(storeKey, entry, now, flight::close);
            }

            @Override
            public void notStored(boolean uncacheable) {
                flight.finish(null);
            }
        };
    }

    /**
     * The completion of a fetch made without a claim while the cluster answers (the coordinator
     * failed or timed out, or another writer outlasted {@code coalesceTimeout}): this node's
     * followers get the response, and nothing is stored.
     */
    OriginFetch.Completion unclaimedCompletion(LocalFlights.Flight flight) {
        return new OriginFetch.Completion() {
            @Override
            public void stored(CacheKey storeKey, CachedResponse entry) {
                flight.finish(entry);
            }

            @Override
            public void notStored(boolean uncacheable) {
                flight.finish(null);
            }
        };
    }

    /** Marks a key not storable (its coordinator said so). */
    void markUncacheable(CacheKey primary, long now) {
        hitForMiss.mark(primary.storage(), now);
    }

    /** The coordinator's name, for logs. */
    String coordinatorName() {
        return coordinator.name();
    }

    void close() {
        coordinator.close();
    }
}
