package dev.strata.bench;

import dev.strata.internal.http.CacheControl;
import dev.strata.internal.http.Freshness;
import dev.strata.internal.http.Headers;
import dev.strata.internal.http.PathPatterns;
import dev.strata.internal.http.RequestPolicy;
import dev.strata.internal.http.StorePolicy;
import dev.strata.internal.http.VaryNames;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The request policy (may this request use the cache?) on a plain browser-like GET, and the
 * response side of a miss: Cache-Control parsing, the store policy, freshness lifetime and Vary.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PolicyBenchmark {
    private final RequestPolicy requestPolicy = new RequestPolicy(new PathPatterns(List.of("/*"), List.of()), false);
    private final StorePolicy storePolicy = new StorePolicy(Set.of(200, 203, 204, 300, 301, 308), false);
    private final FakeRequest request = new FakeRequest("GET", Fixtures.URI, null,
            "Host", "127.0.0.1:8080", "Accept", "application/json", "User-Agent", "Mozilla/5.0",
            "Accept-Encoding", "gzip, deflate, br", "Accept-Language", "en-GB,en;q=0.9");
    private final UnaryOperator<String> header = request::getHeader;
    private final Headers response = Fixtures.typicalHeaders();

    @Benchmark
    public RequestPolicy.Decision request() {
        return requestPolicy.decide(request.getMethod(), request.getServletPath(), request.getQueryString(), header,
                false);
    }

    @Benchmark
    public void response(Blackhole bh) {
        CacheControl cc = CacheControl.parse(response.all("Cache-Control"));
        bh.consume(storePolicy.refusal(200, response, cc, false));
        bh.consume(Freshness.explicitLifetime(response, cc, 1_790_000_000_000L));
        bh.consume(VaryNames.parse(response.joined("Vary")));
    }
}
