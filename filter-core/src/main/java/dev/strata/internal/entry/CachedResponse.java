package dev.strata.internal.entry;

import dev.strata.internal.http.CacheControl;
import dev.strata.internal.http.Headers;
import dev.strata.internal.http.TargetedCacheControl;

/**
 * A stored response with the metadata every decision needs, so one read answers everything:
 * status, header fields, body, when it was stored, its initial age, when it stops being fresh, its
 * tags and the purge sequence its fetch started under (what purges compare against).
 * Immutable; the body and tag arrays are never modified after construction.
 */
public final class CachedResponse implements StoredValue {
    private final String key;
    private final int status;
    private final Headers headers;
    private final byte[] body;
    private final long storedAt;
    private final long initialAge;
    private final long expiresAt;
    private final long version;
    private final String[] varyNames;
    private final String[] varyValues;
    private final long staleWhileRevalidate;
    private final long staleIfError;
    private final String etag;
    private final String lastModified;
    private final String[] tags;
    private final long purgeSeq;
    /** The stored fields' caching directives, parsed on first use: a heap-tier entry serves many hits. */
    private volatile CacheControl directives;

    private static final String[] NO_TAGS = new String[0];

    /** A response without tags, fetched under purge sequence 0; see the full constructor. */
    public CachedResponse(String key, int status, Headers headers, byte[] body, long storedAt, long initialAge,
            long expiresAt, long version, String[] varyNames, String[] varyValues, long staleWhileRevalidate,
            long staleIfError) {
        this(key, status, headers, body, storedAt, initialAge, expiresAt, version, varyNames, varyValues,
                staleWhileRevalidate, staleIfError, NO_TAGS, 0);
    }

    /**
     * @param key full key text (echo)
     * @param status response status
     * @param headers end-to-end header fields as sent by the origin
     * @param body the body bytes (kept, not copied)
     * @param storedAt epoch millis the response was received
     * @param initialAge corrected initial age in millis (RFC 9111 §4.2.3)
     * @param expiresAt epoch millis it stops being fresh
     * @param version namespace version it was stored under
     * @param varyNames lower-cased, sorted {@code Vary} names (empty when it does not vary)
     * @param varyValues normalised request values it was stored for, {@code null} for absent
     * @param staleWhileRevalidate millis past {@code expiresAt} it may be served while one refresh runs
     * @param staleIfError millis past {@code expiresAt} it may be served when the origin fails
     * @param tags the purge tags the origin gave it ({@code Surrogate-Key}, {@code Cache-Tag}), none null
     * @param purgeSeq the purge sequence this node knew when the fetch started: a purge with a
     *     higher sequence that names the entry's URL or one of its tags purges it
     * @throws IllegalArgumentException when the headers hold {@code Set-Cookie}, vary names and
     *     values do not pair up, or a tag is null
     */
    public CachedResponse(String key, int status, Headers headers, byte[] body, long storedAt, long initialAge,
            long expiresAt, long version, String[] varyNames, String[] varyValues, long staleWhileRevalidate,
            long staleIfError, String[] tags, long purgeSeq) {
        for (String tag : tags) {
            if (tag == null) {
                throw new IllegalArgumentException("null tag");
            }
        }
        if (varyNames.length != varyValues.length) {
            throw new IllegalArgumentException("vary names and values must pair up");
        }
        if (headers.has("Set-Cookie") || headers.has("Set-Cookie2")) {
            // The last line of defence: whatever a policy, a coalescing path or a tier-2 writer got
            // wrong, one user's cookie is never in a shared entry, so it can never be served.
            throw new IllegalArgumentException("a shared entry never carries Set-Cookie");
        }
        this.key = key;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.storedAt = storedAt;
        this.initialAge = initialAge;
        this.expiresAt = expiresAt;
        this.version = version;
        this.varyNames = varyNames;
        this.varyValues = varyValues;
        this.staleWhileRevalidate = staleWhileRevalidate;
        this.staleIfError = staleIfError;
        this.etag = headers.first("ETag");
        this.lastModified = headers.first("Last-Modified");
        this.tags = tags;
        this.purgeSeq = purgeSeq;
    }

    /** The same response, fresh only until {@code newExpiresAt} (a soft purge marks it stale). */
    public CachedResponse expiringAt(long newExpiresAt) {
        return new CachedResponse(key, status, headers, body, storedAt, initialAge, newExpiresAt, version, varyNames,
                varyValues, staleWhileRevalidate, staleIfError, tags, purgeSeq);
    }

    /** Its purge tags; callers must not modify the array. */
    public String[] tags() {
        return tags;
    }

    /** The purge sequence its fetch started under. */
    public long purgeSeq() {
        return purgeSeq;
    }

    @Override
    public String key() {
        return key;
    }

    /** The response status. */
    public int status() {
        return status;
    }

    /** Stored end-to-end header fields. */
    public Headers headers() {
        return headers;
    }

    /** The body; callers must not modify it. */
    public byte[] body() {
        return body;
    }

    /** Epoch millis it was received. */
    public long storedAt() {
        return storedAt;
    }

    /** Corrected initial age in millis. */
    public long initialAge() {
        return initialAge;
    }

    @Override
    public long expiresAt() {
        return expiresAt;
    }

    @Override
    public long version() {
        return version;
    }

    /** Lower-cased, sorted vary names. */
    public String[] varyNames() {
        return varyNames;
    }

    /** The normalised request values of the vary names. */
    public String[] varyValues() {
        return varyValues;
    }

    /**
     * The directives that govern this response in a shared cache: {@code Strata-Cache-Control},
     * {@code CDN-Cache-Control}, {@code Surrogate-Control} or {@code Cache-Control}, whichever
     * {@link TargetedCacheControl#select} picks from the stored fields.
     */
    public CacheControl directives() {
        CacheControl cc = directives;
        if (cc == null) {
            cc = TargetedCacheControl.select(headers).directives();
            directives = cc; // two threads may both parse: same result
        }
        return cc;
    }

    /** The stored {@code ETag}, or {@code null}. */
    public String etag() {
        return etag;
    }

    /** The stored {@code Last-Modified}, or {@code null}. */
    public String lastModified() {
        return lastModified;
    }

    /** The stored {@code Content-Type}, or {@code null}. */
    public String contentType() {
        return headers.first("Content-Type");
    }

    /** Current age in millis at {@code now} (RFC 9111 §4.2.3). */
    public long ageAt(long now) {
        return initialAge + Math.max(0, now - storedAt);
    }

    /** Whether it is fresh at {@code now}. */
    public boolean freshAt(long now) {
        return now < expiresAt;
    }

    /** Millis past expiry it may be served while one refresh runs (RFC 5861 §3). */
    public long staleWhileRevalidate() {
        return staleWhileRevalidate;
    }

    /** Millis past expiry it may be served when the origin fails (RFC 5861 §4). */
    public long staleIfError() {
        return staleIfError;
    }

    /** Whether it may be served stale at {@code now} while a refresh runs. */
    public boolean revalidatableAt(long now) {
        return now < expiresAt + staleWhileRevalidate;
    }

    /** Whether it may be served stale at {@code now} because the origin failed. */
    public boolean usableOnErrorAt(long now) {
        return now < expiresAt + staleIfError;
    }

    /** When the tiers may drop it: the end of its freshness and of both stale windows. */
    public long keepUntil() {
        return expiresAt + Math.max(staleWhileRevalidate, staleIfError);
    }
}
