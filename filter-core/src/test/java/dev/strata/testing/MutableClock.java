package dev.strata.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so nothing time-dependent ever sleeps. */
public final class MutableClock extends Clock {
    private volatile long millis;

    /** A clock at {@code startMillis} epoch millis. */
    public MutableClock(long startMillis) {
        this.millis = startMillis;
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration d) {
        millis += d.toMillis();
    }

    /** Sets the clock to {@code epochMillis}. */
    public void set(long epochMillis) {
        millis = epochMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a MutableClock is always UTC");
    }
}
