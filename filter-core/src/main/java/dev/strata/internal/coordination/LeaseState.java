package dev.strata.internal.coordination;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.io.Serializable;

/**
 * The state of one key in the lease map: the last fence handed out, who holds the lease and until
 * when, and until when the key is known not to be storable. Times are the partition owner's clock.
 *
 * <p>{@link DataSerializable} because every claim and release reads and writes one on the partition
 * thread: Java serialization of it was a tenth of the partition threads' time on a miss load.
 * {@code Serializable} stays so that a value an older node wrote still reads.
 */
final class LeaseState implements DataSerializable, Serializable {
    private static final long serialVersionUID = 1L;
    private long fence;
    private String owner;
    private long leaseUntil;
    private long uncacheableUntil;
    private long publishedAt;

    /** For deserialization only. */
    LeaseState() {
    }

    /**
     * @param fence last fence handed out
     * @param owner the holder's id, or {@code null}
     * @param leaseUntil epoch millis the lease ends
     * @param uncacheableUntil epoch millis until which claims answer {@code UNCACHEABLE}
     * @param publishedAt epoch millis of the last release that published an entry
     */
    LeaseState(long fence, String owner, long leaseUntil, long uncacheableUntil, long publishedAt) {
        this.fence = fence;
        this.owner = owner;
        this.leaseUntil = leaseUntil;
        this.uncacheableUntil = uncacheableUntil;
        this.publishedAt = publishedAt;
    }

    long fence() {
        return fence;
    }

    String owner() {
        return owner;
    }

    long leaseUntil() {
        return leaseUntil;
    }

    long uncacheableUntil() {
        return uncacheableUntil;
    }

    long publishedAt() {
        return publishedAt;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(fence);
        out.writeString(owner);
        out.writeLong(leaseUntil);
        out.writeLong(uncacheableUntil);
        out.writeLong(publishedAt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        fence = in.readLong();
        owner = in.readString();
        leaseUntil = in.readLong();
        uncacheableUntil = in.readLong();
        publishedAt = in.readLong();
    }

    @Override
    public String toString() {
        return "LeaseState[fence=" + fence + ", owner=" + owner + ", leaseUntil=" + leaseUntil
                + ", uncacheableUntil=" + uncacheableUntil + ", publishedAt=" + publishedAt + "]";
    }
}
