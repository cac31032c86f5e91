package dev.strata.internal.coordination;

/**
 * The namespace version that is part of every key: bumping it makes every older entry
 * unreachable on every node at once, without deleting any copy.
 */
public interface NamespaceVersion extends AutoCloseable {
    /** The version keys are built with now; never throws (a stale answer is better than none). */
    long current();

    /**
     * Increments the version cluster-wide and answers the new one.
     *
     * @throws CoordinationException when the cluster cannot be reached
     */
    long bump() throws CoordinationException;

    @Override
    default void close() {
    }
}
