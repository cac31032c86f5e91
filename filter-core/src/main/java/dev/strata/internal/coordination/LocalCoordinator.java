package dev.strata.internal.coordination;

/**
 * No cluster-wide coordination: every node is its own writer (per-node single-flight still
 * applies). Used when tier 2 is off, or on request with {@code coordinator=local}.
 */
public final class LocalCoordinator implements WriteCoordinator {
    @Override
    public Claim claim(String key) {
        return Claim.claimed(key, Claim.UNFENCED, System.currentTimeMillis());
    }

    @Override
    public void release(Claim claim, Outcome outcome) {
        // nothing held
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public boolean fenced() {
        return false;
    }
}
