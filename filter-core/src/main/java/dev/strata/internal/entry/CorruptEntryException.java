package dev.strata.internal.entry;

/** A stored value that failed its integrity checks; it is treated as a miss, never served. */
public final class CorruptEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptEntryException(String message) {
        super(message);
    }
}
