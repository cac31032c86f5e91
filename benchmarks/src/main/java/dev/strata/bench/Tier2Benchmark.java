package dev.strata.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.strata.internal.entry.CorruptEntryException;
import dev.strata.internal.entry.EntryCodec;
import dev.strata.internal.entry.StoredValue;
import dev.strata.internal.tier.CircuitBreaker;
import dev.strata.internal.tier.CompletionThreads;
import dev.strata.internal.tier.HazelcastConnector;
import dev.strata.internal.tier.Tier2;
import dev.strata.internal.tier.TierException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tier-2 reads on a one-member Hazelcast cluster on 127.0.0.1 (the map configured as Strata
 * configures it): the bytes, and the bytes decoded into an entry (what a tier-2 hit does).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dhazelcast.phone.home.enabled=false", "-Djava.net.preferIPv4Stack=true"})
@State(Scope.Benchmark)
public class Tier2Benchmark {
    private static final String KEY = "strata1|1:0|4:http|9:127.0.0.1|4:8080|22:/api/catalog/item-4711|-";

    @Param({"1024", "65536"})
    public int bodyBytes;

    /**
     * Whether Hazelcast's futures complete on Strata's pool ({@code CompletionThreads}, as the
     * filter sets it up) or on Hazelcast's default, a new thread each on two cores. Each fork is a
     * JVM of its own, so the two do not mix.
     */
    @Param({"true", "false"})
    public boolean completionPool;

    private HazelcastInstance member;
    private Tier2 tier2;
    private IMap<String, byte[]> map;

    @Setup(Level.Trial)
    public void setUp() throws TierException {
        if (completionPool) {
            CompletionThreads.replaceThreadPerTask();
        }
        member = Fixtures.member();
        member.getConfig().addMapConfig(HazelcastConnector.mapConfig("strata-responses"));
        map = member.getMap("strata-responses");
        tier2 = new Tier2(map, Duration.ofMillis(500), new CircuitBreaker(5, Duration.ofSeconds(5), Clock.systemUTC()));
        long now = System.currentTimeMillis();
        tier2.put(KEY, EntryCodec.encode(Fixtures.response(KEY, bodyBytes, now), 0, now), 3_600_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        member.shutdown();
    }

    @Benchmark
    public byte[] get() throws TierException, CorruptEntryException {
        return tier2.get(KEY);
    }

    /** Hazelcast's own synchronous get, for comparison with the bounded call tier 2 makes. */
    @Benchmark
    public byte[] imapGet() {
        return map.get(KEY);
    }

    /** The asynchronous get joined with a timeout as Hazelcast returns it, without toCompletableFuture(). */
    @Benchmark
    public Object imapGetAsyncTimed() throws Exception {
        return ((java.util.concurrent.Future<byte[]>) map.getAsync(KEY)).get(500, TimeUnit.MILLISECONDS);
    }

    /** The same through toCompletableFuture(), as Tier2 calls it. */
    @Benchmark
    public Object imapGetAsyncToCfTimed() throws Exception {
        return map.getAsync(KEY).toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
    }

    @Benchmark
    public StoredValue getAndDecode() throws TierException, CorruptEntryException {
        return EntryCodec.decode(tier2.get(KEY), KEY);
    }
}
