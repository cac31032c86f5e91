package dev.strata.internal;

import dev.strata.internal.http.Headers;
import dev.strata.spi.StoreCandidate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A response about to be stored, as interceptors adjust it. */
final class Candidate implements StoreCandidate {
    private final int status;
    private final Headers headers;
    private final long maxTtlMillis;
    private long ttlMillis;
    private final LinkedHashSet<String> tags;
    private boolean vetoed;

    Candidate(int status, Headers headers, long ttlMillis, long maxTtlMillis, Set<String> tags) {
        this.status = status;
        this.headers = headers;
        this.ttlMillis = ttlMillis;
        this.maxTtlMillis = maxTtlMillis;
        this.tags = new LinkedHashSet<>(tags);
    }

    Candidate copy() {
        Candidate c = new Candidate(status, headers, ttlMillis, maxTtlMillis, tags);
        c.vetoed = vetoed;
        return c;
    }

    void adopt(Candidate other) {
        ttlMillis = other.ttlMillis;
        tags.clear();
        tags.addAll(other.tags);
        vetoed = other.vetoed;
    }

    long ttlMillis() {
        return ttlMillis;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String header(String name) {
        return headers.first(name);
    }

    @Override
    public Duration ttl() {
        return Duration.ofMillis(ttlMillis);
    }

    @Override
    public void setTtl(Duration ttl) {
        long millis = ttl.toMillis();
        if (millis <= 0) {
            vetoed = true;
        } else {
            ttlMillis = Math.min(millis, maxTtlMillis);
        }
    }

    @Override
    public Set<String> tags() {
        return Collections.unmodifiableSet(tags);
    }

    @Override
    public void addTag(String tag) {
        if (!TagHeaders.validTag(tag)) {
            throw new IllegalArgumentException("not a valid tag");
        }
        tags.add(tag);
    }

    @Override
    public void veto() {
        vetoed = true;
    }

    @Override
    public boolean vetoed() {
        return vetoed;
    }
}
