package dev.strata.internal.coordination;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Claims a key's lease on its partition owner, where entry processors of one key run one at a
 * time: the compare-and-set below is atomic. Answers the new fence, {@link #BUSY} (another writer
 * holds the lease, or published less than the minimum interval ago) or {@link #UNCACHEABLE}.
 *
 * <p>A fence is at least the owner's clock in milliseconds times 1024: when an idle lease entry
 * expires and is created again, its fences still exceed every fence handed out before, so entries
 * written under old fences can never block or beat new writers.
 */
final class ClaimLease implements EntryProcessor<String, LeaseState, Long>, DataSerializable {
    private static final long serialVersionUID = 1L;
    static final long BUSY = -1;
    static final long UNCACHEABLE = -2;

    private String owner;
    private long leaseMillis;
    private long minIntervalMillis;

    /** For deserialization only. */
    ClaimLease() {
    }

    ClaimLease(String owner, long leaseMillis, long minIntervalMillis) {
        this.owner = owner;
        this.leaseMillis = leaseMillis;
        this.minIntervalMillis = minIntervalMillis;
    }

    @Override
    public Long process(Map.Entry<String, LeaseState> entry) {
        long now = System.currentTimeMillis();
        LeaseState state = entry.getValue();
        if (state != null && state.uncacheableUntil() > now) {
            return UNCACHEABLE;
        }
        if (state != null && state.leaseUntil() > now) {
            // held, even by this node: its own flight for the key is finishing (publishing) now
            return BUSY;
        }
        if (state != null && now - state.publishedAt() < minIntervalMillis) {
            // just written: the caller reads that entry instead of writing another one
            return BUSY;
        }
        long fence = Math.max(state == null ? 1 : state.fence() + 1, now * 1024);
        entry.setValue(new LeaseState(fence, owner, now + leaseMillis, 0, state == null ? 0 : state.publishedAt()));
        return fence;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(owner);
        out.writeLong(leaseMillis);
        out.writeLong(minIntervalMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        owner = in.readString();
        leaseMillis = in.readLong();
        minIntervalMillis = in.readLong();
    }
}
