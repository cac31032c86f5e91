package dev.strata.internal;

import dev.strata.CacheStats;
import java.util.concurrent.atomic.LongAdder;

/** The per-node counters of one filter instance; cheap to bump from many threads. */
public final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder tier1Hits = new LongAdder();
    final LongAdder tier2Hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder bypasses = new LongAdder();
    final LongAdder notModified = new LongAdder();
    final LongAdder stores = new LongAdder();
    final LongAdder droppedWrites = new LongAdder();
    final LongAdder tier1Errors = new LongAdder();
    final LongAdder tier2Errors = new LongAdder();
    final LongAdder corruptEntries = new LongAdder();
    final LongAdder fencedOut = new LongAdder();
    final LongAdder coalesced = new LongAdder();
    final LongAdder staleServed = new LongAdder();

    /** A snapshot, with the tier-2 circuit state given by the caller. */
    public CacheStats snapshot(String tier2Circuit) {
        return new CacheStats(requests.sum(), tier1Hits.sum(), tier2Hits.sum(), misses.sum(), bypasses.sum(),
                notModified.sum(), stores.sum(), droppedWrites.sum(), tier1Errors.sum(), tier2Errors.sum(),
                corruptEntries.sum(), coalesced.sum(), staleServed.sum(), fencedOut.sum(), tier2Circuit);
    }
}
