package dev.strata.bench;

import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.QueryKey;
import dev.strata.internal.key.RequestKeys;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a request's primary key with the default options (twelve keyed request fields, none of
 * them present, raw query), for a short key and for one over 200 characters (stored under its
 * SHA-256), and with {@code sortQueryParams} on.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class KeyBenchmark {
    private final RequestKeys keys = new RequestKeys(Fixtures.defaultKeyedHeaders(), QueryKey.RAW);
    private final RequestKeys sortingKeys = new RequestKeys(Fixtures.defaultKeyedHeaders(),
            new QueryKey(List.of("utm_*"), true));
    private final FakeRequest request = new FakeRequest("GET", Fixtures.URI, "lang=en&page=2",
            "Host", "127.0.0.1:8080", "Accept", "application/json", "User-Agent", "wrk");
    private final Function<String, String> fields = request::getHeader;
    private final String longUri = "/api/search/" + "x".repeat(220);

    @Benchmark
    public CacheKey primaryKey() {
        return keys.primary(0, request.getScheme(), request.getServerName(), request.getServerPort(),
                request.getRequestURI(), request.getQueryString(), fields);
    }

    @Benchmark
    public CacheKey primaryKeyHashed() {
        return keys.primary(0, request.getScheme(), request.getServerName(), request.getServerPort(), longUri,
                request.getQueryString(), fields);
    }

    @Benchmark
    public CacheKey primaryKeySortedQuery() {
        return sortingKeys.primary(0, request.getScheme(), request.getServerName(), request.getServerPort(),
                request.getRequestURI(), "page=2&utm_source=x&lang=en", fields);
    }
}
