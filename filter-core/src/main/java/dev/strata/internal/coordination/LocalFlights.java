package dev.strata.internal.coordination;

import dev.strata.internal.entry.CachedResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Per-node single-flight: the first miss for a key on this node leads, later ones follow and are
 * handed the leader's stored response, or told to go to the origin themselves.
 */
public final class LocalFlights {
    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

    /** Joins the flight for {@code key}, leading it when there is none. */
    public Flight join(String key) {
        Flight mine = new Flight(key, true);
        Flight existing = flights.putIfAbsent(key, mine);
        return existing == null ? mine : existing.asFollower();
    }

    /** Flights in progress on this node. */
    public int inProgress() {
        return flights.size();
    }

    /** One key's flight, seen by its leader or by a follower. */
    public final class Flight {
        private final String key;
        private final boolean leader;
        private final CompletableFuture<CachedResponse> result;

        private Flight(String key, boolean leader) {
            this(key, leader, new CompletableFuture<>());
        }

        private Flight(String key, boolean leader, CompletableFuture<CachedResponse> result) {
            this.key = key;
            this.leader = leader;
            this.result = result;
        }

        private Flight asFollower() {
            return new Flight(key, false, result);
        }

        /** Whether this caller leads the flight (and must {@link #finish} it). */
        public boolean leader() {
            return leader;
        }

        /**
         * Ends the flight: followers get {@code stored}, or go to the origin themselves when it
         * is {@code null}. Idempotent; only the first call counts.
         */
        public void finish(CachedResponse stored) {
            flights.remove(key, this.leader ? this : null);
            flights.computeIfPresent(key, (k, f) -> f.result == result ? null : f);
            result.complete(stored);
        }

        /**
         * A follower's wait for the leader's stored response; {@code null} when the leader stored
         * nothing, failed, or did not finish in time.
         */
        public CachedResponse await(long timeoutMillis) {
            try {
                return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException | TimeoutException e) {
                return null;
            }
        }
    }
}
