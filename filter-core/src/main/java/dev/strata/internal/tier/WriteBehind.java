package dev.strata.internal.tier;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tier writes off the request thread on a bounded queue. A full queue drops the write (the
 * caller counts it): a request never waits for a cache write.
 */
public final class WriteBehind implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    /**
     * Thrown for every dropped write: the default policy built a new exception, stack trace and
     * {@code toString()} of the pool for each one, which under a miss storm (when writes are dropped
     * by the thousand) took request threads' time just to say "full".
     */
    private static final RejectedExecutionException FULL = new RejectedExecutionException("write-behind queue full") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };
    private final ThreadPoolExecutor executor;

    /**
     * @param capacity pending writes before new ones are dropped
     * @param threads writer threads
     */
    public WriteBehind(int capacity, int threads) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "strata-writer-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity), factory, (write, full) -> {
                    throw FULL;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Queues a write; {@code false} when it was dropped because the queue is full or closed. */
    public boolean submit(Runnable write) {
        try {
            executor.execute(write);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Number of writes waiting. */
    public int pending() {
        return executor.getQueue().size();
    }

    /** Lets queued writes finish for a short while, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
