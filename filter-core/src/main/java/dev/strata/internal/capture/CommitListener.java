package dev.strata.internal.capture;

import dev.strata.internal.http.Headers;

/** Told once, just before a captured response commits, what status and header fields it has. */
@FunctionalInterface
public interface CommitListener {
    /**
     * May still set header fields on the response. Must not throw.
     *
     * @param status the response status
     * @param headers the header fields the application set (Content-Type included, Content-Length not)
     * @param declaredLength the Content-Length the application declared, or -1
     * @return whether the body should be copied for storing
     */
    boolean beforeCommit(int status, Headers headers, long declaredLength);
}
