package dev.strata.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WARN log that says one thing at most once per interval, with the count it held back, so a dead
 * cluster cannot flood the log at request rate.
 */
final class RateLimitedLog {
    private static final Logger LOG = System.getLogger("dev.strata");
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    void warn(String message, Throwable cause) {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long held = suppressed.getAndSet(0);
        String text = held == 0 ? message : message + " (" + held + " similar warnings suppressed)";
        LOG.log(Level.WARNING, text + ": " + cause);
        LOG.log(Level.DEBUG, "cause", cause);
    }
}
