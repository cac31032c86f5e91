package dev.strata.internal.tier;

/** A tier call that failed, timed out or was skipped by an open circuit. */
public final class TierException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean skipped;
    private final boolean foreign;

    TierException(String message, Throwable cause, boolean skipped) {
        this(message, cause, skipped, false);
    }

    private TierException(String message, Throwable cause, boolean skipped, boolean foreign) {
        super(message, cause);
        this.skipped = skipped;
        this.foreign = foreign;
    }

    /** The cluster answered with a value Hazelcast refused to deserialize: not a tier failure. */
    static TierException foreignValue(Throwable cause) {
        return new TierException("tier-2 value not deserialized: " + cause, cause, false, true);
    }

    /** Whether the cluster answered with a value that is not Strata's (see {@link #foreignValue}). */
    boolean foreign() {
        return foreign;
    }

    /** Whether the call was never made because the circuit was open. */
    public boolean skipped() {
        return skipped;
    }
}
