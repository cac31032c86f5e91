package dev.strata.internal.coordination;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One writer per key through the CP subsystem (Raft): a {@link FencedLock} whose fence is the write
 * token. Every named CP object is permanent Raft state, so keys share a bounded set of
 * {@code stripes} locks (key hash modulo stripes): at most that many locks ever exist. Two keys on
 * one stripe serialise their refreshes across nodes (never on one node: the lock is reentrant for
 * its holder), which is why the default is generous.
 *
 * <p>A {@code FencedLock} belongs to the thread that took it, and a miss is finished on whatever
 * thread completes the response, so every lock and unlock runs on one coordinator thread.
 */
public final class CpCoordinator implements WriteCoordinator {
    private static final Logger LOG = System.getLogger("dev.strata");
    private final HazelcastInstance hazelcast;
    private final String prefix;
    private final int stripes;
    private final long timeoutMillis;
    private final ExecutorService lockThread;

    /**
     * @param hazelcast a member of a cluster with CP
     * @param prefix lock name prefix
     * @param stripes number of locks
     * @param timeout bound on one coordinator call
     */
    public CpCoordinator(HazelcastInstance hazelcast, String prefix, int stripes, Duration timeout) {
        this.hazelcast = hazelcast;
        this.prefix = prefix;
        this.stripes = stripes;
        this.timeoutMillis = timeout.toMillis();
        this.lockThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "strata-cp-lock");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Whether the cluster offers a CP subsystem with Raft (3 or more CP members). A member knows it
     * from its own config. A client has none: it asks the cluster by reading {@code probeCounter},
     * the CP counter Strata keeps its namespace version in anyway (so no CP object is made for the
     * question alone); open-source 5.5+ refuses, and an answer later than {@code timeout} is a no.
     */
    public static boolean available(HazelcastInstance hazelcast, String probeCounter, Duration timeout) {
        try {
            return hazelcast.getConfig().getCPSubsystemConfig().getCPMemberCount() >= 3;
        } catch (UnsupportedOperationException client) {
            try {
                hazelcast.getCPSubsystem().getAtomicLong(probeCounter).getAsync().toCompletableFuture()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException | RuntimeException | LinkageError e) {
                return false;
            }
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private FencedLock lockFor(String key) {
        return hazelcast.getCPSubsystem().getLock(prefix + Math.floorMod(key.hashCode(), stripes));
    }

    @Override
    public Claim claim(String key) throws CoordinationException {
        long asked = System.currentTimeMillis();
        try {
            long fence = lockThread.submit(() -> lockFor(key).tryLockAndGetFence())
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            return fence == FencedLock.INVALID_FENCE ? Claim.busy(key) : Claim.claimed(key, fence, asked);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new CoordinationException("CP lock failed: " + e, e);
        }
    }

    @Override
    public void release(Claim claim, Outcome outcome) {
        if (!claim.claimed()) {
            return;
        }
        try {
            lockThread.execute(() -> {
                try {
                    lockFor(claim.key()).unlock();
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "CP unlock failed; the session ends the lock", e);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "CP unlock not queued", e);
        }
    }

    @Override
    public String name() {
        return "cp";
    }

    @Override
    public void close() {
        lockThread.shutdown();
    }
}
