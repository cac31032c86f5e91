package dev.strata.internal.capture;

/** What a capturing response knows once the response is complete. */
public interface Capture {
    /** The whole body when it was copied and nothing failed, else {@code null}. */
    byte[] capturedBody();

    /** Whether the response was held back from the client. */
    boolean diverted();

    /** Whether sending failed or the body ended short: the copy is incomplete. */
    boolean failed();

    /** Whether the body was not copied because it was refused or outgrew the cap. */
    boolean refused();
}
