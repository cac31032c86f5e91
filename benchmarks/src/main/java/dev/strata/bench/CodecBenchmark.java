package dev.strata.bench;

import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.entry.CorruptEntryException;
import dev.strata.internal.entry.EntryCodec;
import dev.strata.internal.entry.StoredValue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Entry encoding (what every tier-2 write and tier-1 off-heap write does) and decoding (every read). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {
    @Param({"1024", "65536"})
    public int bodyBytes;

    private static final String KEY = "strata1|1:0|4:http|9:127.0.0.1|4:8080|22:/api/catalog/item-4711|-";
    private CachedResponse entry;
    private byte[] encoded;

    @Setup
    public void setUp() {
        entry = Fixtures.response(KEY, bodyBytes, System.currentTimeMillis());
        encoded = EntryCodec.encode(entry, 7, 1);
    }

    @Benchmark
    public byte[] encode() {
        return EntryCodec.encode(entry, 7, 1);
    }

    @Benchmark
    public StoredValue decode() throws CorruptEntryException {
        return EntryCodec.decode(encoded, KEY);
    }
}
