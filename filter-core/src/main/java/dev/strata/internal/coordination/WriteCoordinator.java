package dev.strata.internal.coordination;

/**
 * Picks one writer per key for the whole cluster: the Durable Object of the edge design. A claim
 * is a lease, ended by {@link #release} or by time; its fence orders writes so that a writer whose
 * lease ran out cannot overwrite what a later writer stored.
 */
public interface WriteCoordinator extends AutoCloseable {
    /** How a writer's turn ended. */
    enum Outcome {
        /** The entry was written to tier 2. */
        PUBLISHED,
        /** The origin's response may not be stored: others should not wait for it for a while. */
        UNCACHEABLE,
        /** Nothing was written (error, timeout, dropped write). */
        ABANDONED
    }

    /**
     * Tries to become the writer of {@code key}; never blocks for another writer.
     *
     * @throws CoordinationException when the coordinator cannot answer (callers fail open)
     */
    Claim claim(String key) throws CoordinationException;

    /** Ends a claimed turn. Never throws: a lost release only delays others until the lease ends. */
    void release(Claim claim, Outcome outcome);

    /** {@code cp}, {@code lease} or {@code local}, for logs and stats. */
    String name();

    /** Whether fences order writes across nodes (tier-2 writes are then conditional). */
    default boolean fenced() {
        return true;
    }

    @Override
    default void close() {
    }
}
