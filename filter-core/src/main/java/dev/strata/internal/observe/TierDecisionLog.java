package dev.strata.internal.observe;

import dev.strata.spi.CacheEvent;
import dev.strata.spi.CacheInterceptor;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * One structured line per tier decision at DEBUG, on the logger {@code dev.strata.decisions}:
 * {@code strata decision=hit tier=tier1 key=3f2a... filter=strata}. It names the key by the first
 * 16 hex digits of its SHA-256 only: never the key, the URL or anything from the request.
 */
public final class TierDecisionLog implements CacheInterceptor {
    /** The logger's name. */
    public static final String LOGGER = "dev.strata.decisions";
    private static final Logger LOG = System.getLogger(LOGGER);
    private final String filterName;

    /** @param filterName named on every line */
    public TierDecisionLog(String filterName) {
        this.filterName = filterName;
    }

    @Override
    public void onEvent(CacheEvent event) {
        switch (event.outcome()) {
            case HIT, MISS, BYPASS, COALESCED, STALE, ERROR -> {
                if (LOG.isLoggable(Level.DEBUG)) {
                    LOG.log(Level.DEBUG, line(event));
                }
            }
            default -> {
                // stores, timings and purges are not tier decisions
            }
        }
    }

    /** The line for an event. */
    String line(CacheEvent event) {
        StringBuilder b = new StringBuilder(96).append("strata decision=")
                .append(event.outcome().name().toLowerCase(Locale.ROOT))
                .append(" tier=").append(event.tier().name().toLowerCase(Locale.ROOT))
                .append(" key=").append(event.keyHash() == null ? "-" : event.keyHash())
                .append(" filter=").append(filterName);
        if (event.detail() != null) {
            // details are Strata's own words (fwd reasons, stale rules, operations), never request data
            b.append(" detail=").append(event.detail());
        }
        return b.toString();
    }
}
