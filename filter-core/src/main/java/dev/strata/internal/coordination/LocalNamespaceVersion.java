package dev.strata.internal.coordination;

import java.util.concurrent.atomic.AtomicLong;

/** A version on this node only, for filters without tier 2. */
public final class LocalNamespaceVersion implements NamespaceVersion {
    private final AtomicLong version = new AtomicLong();

    @Override
    public long current() {
        return version.get();
    }

    @Override
    public long bump() {
        return version.incrementAndGet();
    }
}
