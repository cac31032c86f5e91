package dev.strata.internal.coordination;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Ends a lease if it is still the caller's (same owner and fence); may mark the key not storable
 * for a while so that other nodes go straight to the origin instead of waiting.
 */
final class ReleaseLease implements EntryProcessor<String, LeaseState, Boolean>, DataSerializable {
    private static final long serialVersionUID = 1L;

    private String owner;
    private long fence;
    private long uncacheableMillis;
    private boolean published;

    /** For deserialization only. */
    ReleaseLease() {
    }

    ReleaseLease(String owner, long fence, long uncacheableMillis, boolean published) {
        this.owner = owner;
        this.fence = fence;
        this.uncacheableMillis = uncacheableMillis;
        this.published = published;
    }

    @Override
    public Boolean process(Map.Entry<String, LeaseState> entry) {
        LeaseState state = entry.getValue();
        if (state == null || state.fence() != fence || !owner.equals(state.owner())) {
            return false;
        }
        long now = System.currentTimeMillis();
        long uncacheableUntil = uncacheableMillis > 0 ? now + uncacheableMillis : 0;
        entry.setValue(new LeaseState(state.fence(), null, 0, uncacheableUntil,
                published ? now : state.publishedAt()));
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(owner);
        out.writeLong(fence);
        out.writeLong(uncacheableMillis);
        out.writeBoolean(published);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        owner = in.readString();
        fence = in.readLong();
        uncacheableMillis = in.readLong();
        published = in.readBoolean();
    }
}
