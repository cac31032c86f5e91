package dev.strata.bench;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
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
 * The whole filter on a hit, with a fake request and response (no container: what is measured is
 * Strata's own work): {@code tier1Hit} with the default filter settings, {@code tier2Hit} with tier 1
 * off ({@code tier1MaxBytes=0}) and a one-member cluster on 127.0.0.1. {@code noFilter} is the
 * origin servlet writing the same response straight to the fake: the floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dhazelcast.phone.home.enabled=false", "-Djava.net.preferIPv4Stack=true"})
@State(Scope.Benchmark)
public class FilterHitBenchmark {
    @Param({"1024", "65536"})
    public int bodyBytes;

    private HazelcastInstance member;
    private StrataFilter tier1Filter;
    private StrataFilter tier2Filter;
    private Origin origin;
    private Origin plain;
    private final FakeRequest request = new FakeRequest("GET", Fixtures.URI, null,
            "Host", "127.0.0.1:8080", "Accept", "*/*", "User-Agent", "wrk");

    /** Per thread, as a container recycles its response objects. */
    @State(Scope.Thread)
    public static class Exchange {
        final FakeResponse response = new FakeResponse();
    }

    /** The origin servlet: a fixed cacheable body. Counts its runs, so a hit that ran it is caught. */
    static final class Origin implements FilterChain {
        final byte[] body;
        long runs;

        Origin(int size) {
            body = Fixtures.body(size);
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res) throws IOException {
            runs++;
            HttpServletResponse response = (HttpServletResponse) res;
            response.setStatus(200);
            response.setHeader("Cache-Control", "public, max-age=3600");
            response.setHeader("ETag", "\"5d8c72a5edda8d6a\"");
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        origin = new Origin(bodyBytes);
        plain = new Origin(bodyBytes);
        member = Fixtures.member();
        tier1Filter = new StrataFilter();
        tier1Filter.init(new FakeFilterConfig(Map.of("tier1MaxBytes", "64m", "maxEntryBytes", "1m")));
        tier2Filter = new StrataFilter();
        tier2Filter.init(new FakeFilterConfig(Map.of("tier1MaxBytes", "0", "maxEntryBytes", "1m",
                "hazelcastInstance", member.getName(), "tier2Timeout", "500ms")));
        prime(tier1Filter, "HIT");
        prime(tier2Filter, "KV");
        origin.runs = 0;
    }

    /** One miss stores the entry; then a request must be the expected kind of hit. */
    private void prime(StrataFilter filter, String expected) throws Exception {
        FakeResponse response = new FakeResponse();
        filter.doFilter(request, response, origin);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (filter.stats().stores() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the entry was not stored: " + filter.stats());
            }
            Thread.sleep(5);
        }
        response.recycle();
        filter.doFilter(request, response, origin);
        if (!expected.equals(response.getHeader("X-Cache")) || response.bodyBytes() != bodyBytes) {
            throw new IllegalStateException("expected X-Cache " + expected + ", got " + response.getHeader("X-Cache")
                    + " with " + response.bodyBytes() + " bytes");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long runs = origin.runs;
        tier1Filter.destroy();
        tier2Filter.destroy();
        member.shutdown();
        if (runs != 0) {
            throw new IllegalStateException("the origin ran " + runs + " times during hit benchmarks");
        }
    }

    @Benchmark
    public long noFilter(Exchange exchange) throws IOException {
        FakeResponse response = exchange.response;
        response.recycle();
        plain.doFilter(request, response);
        return response.bodyBytes();
    }

    @Benchmark
    public long tier1Hit(Exchange exchange) throws IOException, ServletException {
        FakeResponse response = exchange.response;
        response.recycle();
        tier1Filter.doFilter(request, response, origin);
        return response.bodyBytes();
    }

    @Benchmark
    public long tier2Hit(Exchange exchange) throws IOException, ServletException {
        FakeResponse response = exchange.response;
        response.recycle();
        tier2Filter.doFilter(request, response, origin);
        return response.bodyBytes();
    }
}
