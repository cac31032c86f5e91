package dev.strata.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.tier.CircuitBreaker;
import dev.strata.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The coordinator and the version counter share the tier-2 breaker. */
class GuardedCoordinatorTest {
    private final MutableClock clock = new MutableClock(1_000_000);
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), clock);

    /** A coordinator that fails while {@code down}, counting the calls it got. */
    private static final class Flaky implements WriteCoordinator {
        final AtomicBoolean down = new AtomicBoolean(true);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Claim claim(String key) throws CoordinationException {
            calls.incrementAndGet();
            if (down.get()) {
                throw new CoordinationException("cluster down", null);
            }
            return Claim.claimed(key, 7, 0);
        }

        @Override
        public void release(Claim claim, Outcome outcome) {
        }

        @Override
        public String name() {
            return "lease";
        }
    }

    @Test
    void coordinatorFailuresOpenTheBreakerAndAnOpenBreakerSkipsTheCoordinator() throws Exception {
        Flaky flaky = new Flaky();
        GuardedCoordinator guarded = new GuardedCoordinator(flaky, breaker, null);
        for (int i = 0; i < 3; i++) {
            assertThrows(CoordinationException.class, () -> guarded.claim("k"));
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertThrows(CoordinationException.class, () -> guarded.claim("k"));
        assertEquals(3, flaky.calls.get(), "an open breaker does not call the cluster");

        // after the open duration, one probe: the cluster is back, the breaker closes
        flaky.down.set(false);
        clock.advance(Duration.ofSeconds(5));
        assertTrue(guarded.claim("k").claimed());
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals("lease", guarded.name());
    }

    @Test
    void tier2FailuresAlsoSkipTheCoordinator() {
        Flaky flaky = new Flaky();
        flaky.down.set(false);
        GuardedCoordinator guarded = new GuardedCoordinator(flaky, breaker, null);
        for (int i = 0; i < 3; i++) {
            breaker.failure();
        }
        assertThrows(CoordinationException.class, () -> guarded.claim("k"));
        assertEquals(0, flaky.calls.get());
    }

    @Test
    void theVersionCounterCountsAndIsSkippedToo() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        GuardedCounter counter = new GuardedCounter(new ClusterNamespaceVersion.Counter() {
            @Override
            public long get(long floor) throws Exception {
                calls.incrementAndGet();
                if (down.get()) {
                    throw new IllegalStateException("down");
                }
                return 4;
            }

            @Override
            public long incrementAndGet(long floor) throws Exception {
                return get(floor) + 1;
            }
        }, breaker);
        for (int i = 0; i < 3; i++) {
            assertThrows(IllegalStateException.class, () -> counter.get(0));
        }
        assertThrows(CoordinationException.class, () -> counter.get(0));
        assertEquals(3, calls.get());
        down.set(false);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(4, counter.get(0));
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void onceKnownTheVersionIsRefreshedOffTheRequestPath() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        ClusterNamespaceVersion.Counter slow = new ClusterNamespaceVersion.Counter() {
            @Override
            public long get(long floor) throws Exception {
                if (reads.incrementAndGet() > 1) {
                    release.await(5, TimeUnit.SECONDS); // a stalled owner
                }
                return 3;
            }

            @Override
            public long incrementAndGet(long floor) {
                return 4;
            }
        };
        com.hazelcast.core.HazelcastInstance noCluster = (com.hazelcast.core.HazelcastInstance) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {com.hazelcast.core.HazelcastInstance.class}, (p, m, a) -> {
                            throw new IllegalStateException("offline");
                        });
        ClusterNamespaceVersion version = new ClusterNamespaceVersion(noCluster, "topic", slow, Duration.ofSeconds(1),
                clock);
        try {
            assertEquals(3, version.current()); // the first read waits: nothing is known yet
            clock.advance(Duration.ofSeconds(2));
            long t0 = System.nanoTime();
            assertEquals(3, version.current()); // out of date: answered at once, refreshed behind
            assertEquals(3, version.current());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1000, "a request waited");
            release.countDown();
        } finally {
            version.close();
        }
    }
}
