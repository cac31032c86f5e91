package dev.strata.internal.entry;

/** A stored value that failed its integrity checks; it is treated as a miss, never served. */
public final class CorruptEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what check failed */
    public CorruptEntryException(String message) {
        super(message);
    }
}
