package dev.strata.testing;

import java.lang.management.ManagementFactory;

/** Bytes the calling thread allocates while running a task (HotSpot's per-thread counter). */
public final class Allocation {
    private Allocation() {
    }

    /** Heap bytes this thread allocated while {@code task} ran. */
    public static long of(Runnable task) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        task.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
