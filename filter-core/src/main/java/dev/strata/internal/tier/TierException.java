package dev.strata.internal.tier;

/** A tier call that failed, timed out or was skipped by an open circuit. */
public final class TierException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean skipped;

    TierException(String message, Throwable cause, boolean skipped) {
        super(message, cause);
        this.skipped = skipped;
    }

    /** Whether the call was never made because the circuit was open. */
    public boolean skipped() {
        return skipped;
    }
}
