package dev.strata.internal.capture;

import dev.strata.internal.http.Headers;

/** Told once, just before a captured response commits, what status and header fields it has. */
@FunctionalInterface
public interface CommitListener {
    /** What the capture does with the response from here on. */
    enum Decision {
        /** Stream it to the client and copy the body for storing. */
        STORE,
        /** Stream it to the client; copy nothing. */
        PASS,
        /** Send nothing to the client (the caller answers instead, e.g. with a stale entry). */
        DIVERT
    }

    /**
     * May still set header fields on the response. Must not throw.
     *
     * @param status the response status
     * @param headers the header fields the application set (Content-Type included, Content-Length not)
     * @param declaredLength the Content-Length the application declared, or -1
     */
    Decision beforeCommit(int status, Headers headers, long declaredLength);
}
