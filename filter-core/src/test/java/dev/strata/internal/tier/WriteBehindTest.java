package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Allocation;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WriteBehindTest {
    private static final int DROPS = 10_000;

    @Test
    void aFullQueueDropsWritesWithoutWaitingAndWithoutBuildingAnExceptionEach() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (WriteBehind writes = new WriteBehind(1, 1)) {
            assertTrue(writes.submit(() -> {
                running.countDown();
                await(release);
            }));
            running.await();
            assertTrue(writes.submit(() -> { }), "one more fits in the queue");
            Runnable dropped = () -> { };
            boolean[] anyTaken = {false};
            long bytes = Allocation.of(() -> {
                for (int i = 0; i < DROPS; i++) {
                    anyTaken[0] |= writes.submit(dropped);
                }
            });
            assertFalse(anyTaken[0]);
            assertEquals(1, writes.pending());
            // a stack trace and the pool's toString() per drop would be hundreds of bytes each
            assertTrue(bytes / DROPS < 16, DROPS + " dropped writes allocated " + bytes + " bytes");
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
