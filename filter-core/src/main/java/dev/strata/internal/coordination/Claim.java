package dev.strata.internal.coordination;

/**
 * The answer to a request to become the one writer of a key.
 *
 * @param status what the coordinator decided
 * @param key the key
 * @param fence the write token when {@link Status#CLAIMED}; writes with an older fence lose
 * @param claimedAt epoch millis, taken before the claim was asked for: an entry written after it
 *     was written by an older writer whose lease ran out, and never holds this writer back
 */
public record Claim(Status status, String key, long fence, long claimedAt) {
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

    static Claim claimed(String key, long fence, long claimedAt) {
        return new Claim(Status.CLAIMED, key, fence, claimedAt);
    }

    static Claim busy(String key) {
        return new Claim(Status.BUSY, key, 0, 0);
    }

    static Claim uncacheable(String key) {
        return new Claim(Status.UNCACHEABLE, key, 0, 0);
    }

    /** Whether this caller is the writer. */
    public boolean claimed() {
        return status == Status.CLAIMED;
    }
}
