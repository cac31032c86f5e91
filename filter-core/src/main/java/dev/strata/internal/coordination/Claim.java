package dev.strata.internal.coordination;

/**
 * The answer to a request to become the one writer of a key.
 *
 * @param status what the coordinator decided
 * @param key the key
 * @param fence the write token when {@link Status#CLAIMED}; writes with an older fence lose
 */
public record Claim(Status status, String key, long fence) {
    /** Fence of writes that need no cluster-wide ordering (local coordination). */
    public static final long UNFENCED = -1;

    /** What the coordinator decided. */
    public enum Status {
        /** This caller is the writer until it releases or its lease ends. */
        CLAIMED,
        /** Another writer holds the key: wait for its result. */
        BUSY,
        /** The key's last writer found its response not storable: go to the origin, do not wait. */
        UNCACHEABLE
    }

    static Claim claimed(String key, long fence) {
        return new Claim(Status.CLAIMED, key, fence);
    }

    static Claim busy(String key) {
        return new Claim(Status.BUSY, key, 0);
    }

    static Claim uncacheable(String key) {
        return new Claim(Status.UNCACHEABLE, key, 0);
    }

    /** Whether this caller is the writer. */
    public boolean claimed() {
        return status == Status.CLAIMED;
    }
}
