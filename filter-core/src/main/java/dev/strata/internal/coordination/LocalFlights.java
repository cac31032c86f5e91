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

        @Override
        public boolean equals(Object o) {
            return o instanceof Flight f && f.result == result;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(result);
        }

        /** Whether this caller leads the flight (and must {@link #finish} it). */
        public boolean leader() {
            return leader;
        }

        /**
         * Answers the followers: they get {@code stored}, or go to the origin themselves when it is
         * {@code null}. Later joiners get the same answer until {@link #close}. Only the first call counts.
         */
        public void complete(CachedResponse stored) {
            result.complete(stored);
        }

        /** Ends the flight: the next miss for the key starts a new one. */
        public void close() {
            result.complete(null);
            flights.remove(key, this);
        }

        /** Answers the followers and ends the flight. */
        public void finish(CachedResponse stored) {
            complete(stored);
            close();
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
