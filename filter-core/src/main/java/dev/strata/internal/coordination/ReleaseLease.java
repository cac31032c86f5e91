package dev.strata.internal.coordination;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Ends a lease if it is still the caller's (same owner and fence); may mark the key not storable
 * for a while so that other nodes go straight to the origin instead of waiting.
 */
final class ReleaseLease implements EntryProcessor<String, LeaseState, Boolean> {
    private static final long serialVersionUID = 1L;

    private final String owner;
    private final long fence;
    private final long uncacheableMillis;
    private final boolean published;

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
}
