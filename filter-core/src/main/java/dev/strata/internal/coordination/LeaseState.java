package dev.strata.internal.coordination;

import java.io.Serializable;

/**
 * The state of one key in the lease map: the last fence handed out, who holds the lease and until
 * when, and until when the key is known not to be storable. Times are the partition owner's clock.
 *
 * @param fence last fence handed out
 * @param owner the holder's id, or {@code null}
 * @param leaseUntil epoch millis the lease ends
 * @param uncacheableUntil epoch millis until which claims answer {@code UNCACHEABLE}
 * @param publishedAt epoch millis of the last release that published an entry
 */
record LeaseState(long fence, String owner, long leaseUntil, long uncacheableUntil, long publishedAt)
        implements Serializable {
}
