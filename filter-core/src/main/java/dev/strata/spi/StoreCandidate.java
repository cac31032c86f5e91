package dev.strata.spi;

import java.time.Duration;
import java.util.Set;

/** A response Strata is about to store, as {@link CacheInterceptor#beforeStore} sees and adjusts it. */
public interface StoreCandidate {
    /** The response status. */
    int status();

    /** The first value of a response header field as it will be stored, or {@code null}. */
    String header(String name);

    /** How long it will be fresh from now. */
    Duration ttl();

    /**
     * Changes how long it is fresh, capped by {@code tier2MaxTtl}; zero or negative vetoes it.
     */
    void setTtl(Duration ttl);

    /** Its purge tags so far (read-only). */
    Set<String> tags();

    /**
     * Adds a purge tag.
     *
     * @throws IllegalArgumentException when the tag is empty, holds spaces, commas or control
     *     characters, or is longer than 1024 characters
     */
    void addTag(String tag);

    /** Refuses to store it. The response still reaches the client. */
    void veto();

    /** Whether it was vetoed. */
    boolean vetoed();
}
