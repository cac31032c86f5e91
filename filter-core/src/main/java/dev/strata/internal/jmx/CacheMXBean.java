package dev.strata.internal.jmx;

/**
 * The figures of one Strata filter on this node, as the platform MBean server shows them under
 * {@code dev.strata:type=Cache,name=<filter-name>}. Read-only: purges go through the admin
 * endpoint or the Java API, which check a token or run in the application.
 */
public interface CacheMXBean {
    long getRequests();

    long getTier1Hits();

    long getTier2Hits();

    long getMisses();

    long getBypasses();

    long getStores();

    long getDroppedWrites();

    long getFencedOut();

    long getTier1Errors();

    long getTier2Errors();

    long getCorruptEntries();

    long getCoalesced();

    long getStaleServed();

    long getPurges();

    double getTier1HitRatio();

    double getTier2HitRatio();

    double getOriginFallThroughRatio();

    String getTier2Circuit();

    long getTier1Entries();

    long getTier1Bytes();

    long getTier2Entries();

    long getTier2Bytes();

    long getOriginFetches();

    double getOriginFetchMeanMillis();

    long getTier2Reads();

    double getTier2ReadMeanMillis();
}
