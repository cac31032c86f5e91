package dev.strata.internal.coordination;

/** The coordinator could not answer in time or at all; the caller fails open. */
public final class CoordinationException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause why
     */
    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
