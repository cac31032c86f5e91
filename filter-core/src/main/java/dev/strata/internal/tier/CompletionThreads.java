package dev.strata.internal.tier;

import com.hazelcast.internal.util.ConcurrencyUtil;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives Hazelcast a pool for completing its futures where its default would start a thread per
 * operation.
 *
 * <p>Every asynchronous map operation ({@code getAsync}, {@code submitToKey}, ...) returns a future
 * that Hazelcast completes on its default async executor: the common {@link ForkJoinPool}, or, when
 * that pool's parallelism is 1 (the JVM sees two cores or fewer), {@code new Thread(task).start()}
 * for each completion. On such machines every tier-2 read started and ended a thread: measured on
 * two cores, tier-2 hits ran at about 1,500 a second with 22,800 threads started in 15 s.
 *
 * <p>This replaces only that thread-per-task default, JVM-wide, by a cached pool of daemon threads:
 * the same semantics (every completion runs at once on a thread of its own) with threads reused.
 * A common-pool default, or any executor someone else set, is left alone.
 */
public final class CompletionThreads {
    private static final Logger LOG = System.getLogger("dev.strata");
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static Executor pool;

    private CompletionThreads() {
    }

    /** Installs the pool if Hazelcast's default is still its thread-per-task executor. */
    public static synchronized void replaceThreadPerTask() {
        if (pool != null || ForkJoinPool.getCommonPoolParallelism() > 1) {
            return;
        }
        try {
            Executor current = ConcurrencyUtil.getDefaultAsyncExecutor();
            if (current instanceof ForkJoinPool || current == ConcurrencyUtil.CALLER_RUNS
                    || current instanceof ThreadPoolExecutor) {
                return; // not Hazelcast's thread-per-task lambda: someone chose it
            }
            pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    task -> {
                        Thread t = new Thread(task, "strata-hz-completion-" + THREADS.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            ConcurrencyUtil.setDefaultAsyncExecutor(pool);
            LOG.log(Level.INFO, "Hazelcast's async completions ran on a new thread each (common pool "
                    + "parallelism 1): Strata gave them a cached thread pool");
        } catch (LinkageError e) {
            // a Hazelcast without this internal hook: keep its default, slower but correct
            LOG.log(Level.DEBUG, "Hazelcast's default async executor cannot be replaced", e);
        }
    }
}
