package dev.strata.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions reached by background work (tier writes, backups). */
public final class Await {
    private Await() {
    }

    /** Waits up to {@code limit} for the condition; fails with {@code what} when it never holds. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    /** Waits up to 10 s. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(10), condition);
    }
}
