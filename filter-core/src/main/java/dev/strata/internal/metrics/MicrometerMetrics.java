package dev.strata.internal.metrics;

import dev.strata.CacheStats;
import dev.strata.spi.CacheEvent;
import dev.strata.spi.CacheInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Strata's meters, every one tagged {@code filter=<filter-name>}. Counters and timers are fed by
 * events (this is an interceptor); gauges read the filter's stats when scraped.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>strata.requests</td><td>counter</td><td>outcome=hit|stale|coalesced|miss|bypass, tier=tier1|tier2|origin</td></tr>
 * <tr><td>strata.hit.ratio</td><td>gauge</td><td>tier=tier1|tier2</td></tr>
 * <tr><td>strata.origin.fallthrough.ratio</td><td>gauge</td><td></td></tr>
 * <tr><td>strata.stores</td><td>counter</td><td></td></tr>
 * <tr><td>strata.store.drops</td><td>function counter</td><td>reason=queue-full|fenced-out</td></tr>
 * <tr><td>strata.errors</td><td>counter</td><td>tier=tier1|tier2</td></tr>
 * <tr><td>strata.circuit.state</td><td>gauge</td><td>tier=tier2 (0 closed, 1 half-open, 2 open, -1 disabled)</td></tr>
 * <tr><td>strata.purges</td><td>counter</td><td>scope=url|tags|all, mode=hard|soft</td></tr>
 * <tr><td>strata.entries</td><td>gauge</td><td>tier=tier1|tier2</td></tr>
 * <tr><td>strata.bytes</td><td>gauge</td><td>tier=tier1|tier2</td></tr>
 * <tr><td>strata.origin.fetch</td><td>timer</td><td></td></tr>
 * <tr><td>strata.tier2.read</td><td>timer</td><td></td></tr>
 * </table>
 */
final class MicrometerMetrics implements CacheInterceptor, AutoCloseable {
    private final MeterRegistry registry;
    private final String filterName;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer originFetch;
    private final Timer tier2Read;
    private final Counter stores;
    /** Held here because Micrometer holds the objects meters read only weakly. */
    private final Supplier<CacheStats> stats;

    private MicrometerMetrics(MeterRegistry registry, String filterName, Supplier<CacheStats> stats) {
        this.registry = registry;
        this.filterName = filterName;
        this.stats = stats;
        for (String[] pair : new String[][] {{"hit", "tier1"}, {"hit", "tier2"}, {"stale", "tier1"},
                {"stale", "tier2"}, {"coalesced", "tier1"}, {"coalesced", "tier2"}, {"miss", "origin"},
                {"bypass", "origin"}}) {
            counter("strata.requests", "requests answered, by outcome and the tier that answered",
                    "outcome", pair[0], "tier", pair[1]);
        }
        this.stores = counter("strata.stores", "responses written to the tiers");
        counter("strata.errors", "failed tier operations (each failed open)", "tier", "tier1");
        counter("strata.errors", "failed tier operations (each failed open)", "tier", "tier2");
        this.originFetch = keep(Timer.builder("strata.origin.fetch").description("origin fetches the cache may store")
                .tag("filter", filterName).register(registry));
        this.tier2Read = keep(Timer.builder("strata.tier2.read").description("tier-2 reads")
                .tag("filter", filterName).register(registry));
        gauge("strata.hit.ratio", "share of cached lookups answered by tier 1", stats,
                CacheStats::tier1HitRatio, "tier", "tier1");
        gauge("strata.hit.ratio", "share of the lookups tier 1 missed that tier 2 answered", stats,
                CacheStats::tier2HitRatio, "tier", "tier2");
        gauge("strata.origin.fallthrough.ratio", "share of cached lookups that went to the origin", stats,
                CacheStats::originFallThroughRatio);
        gauge("strata.circuit.state", "0 closed, 1 half-open, 2 open, -1 disabled", stats,
                s -> circuit(s.tier2Circuit()), "tier", "tier2");
        gauge("strata.entries", "entries held", stats, s -> s.tier1Entries(), "tier", "tier1");
        gauge("strata.entries", "entries held (owned by this member)", stats, s -> s.tier2Entries(), "tier", "tier2");
        gauge("strata.bytes", "bytes held", stats, s -> s.tier1Bytes(), "tier", "tier1");
        gauge("strata.bytes", "bytes held (owned by this member)", stats, s -> s.tier2Bytes(), "tier", "tier2");
        keep(FunctionCounter.builder("strata.store.drops", stats, s -> safe(s, x -> x.droppedWrites()))
                .description("writes dropped").tags("filter", filterName, "reason", "queue-full").register(registry));
        keep(FunctionCounter.builder("strata.store.drops", stats, s -> safe(s, x -> x.fencedOut()))
                .description("writes dropped").tags("filter", filterName, "reason", "fenced-out").register(registry));
    }

    /** Meters in Micrometer's global registry (which the application may have added registries to). */
    static MicrometerMetrics global(String filterName, Supplier<CacheStats> stats) {
        return new MicrometerMetrics(io.micrometer.core.instrument.Metrics.globalRegistry, filterName, stats);
    }

    /** Meters in the registry a named {@code Supplier<MeterRegistry>} gives. */
    static MicrometerMetrics fromSupplier(String className, String filterName, Supplier<CacheStats> stats,
            ClassLoader loader, String errorPrefix) {
        Object supplier;
        try {
            supplier = Class.forName(className, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new IllegalArgumentException(errorPrefix + "cannot be loaded and constructed: " + e, e);
        }
        if (!(supplier instanceof Supplier<?> s) || !(s.get() instanceof MeterRegistry registry)) {
            throw new IllegalArgumentException(errorPrefix + "is not a java.util.function.Supplier of a MeterRegistry");
        }
        return new MicrometerMetrics(registry, filterName, stats);
    }

    private Counter counter(String name, String description, String... tags) {
        Counter c = keep(Counter.builder(name).description(description).tag("filter", filterName).tags(tags)
                .register(registry));
        counters.put(name + String.join(",", tags), c);
        return c;
    }

    private void gauge(String name, String description, Supplier<CacheStats> stats, ToDoubleFunction<CacheStats> f,
            String... tags) {
        // a strong reference: the supplier is a lambda nothing else holds, and gauges hold theirs weakly
        keep(Gauge.builder(name, stats, s -> safe(s, f)).description(description).tag("filter", filterName)
                .tags(tags).strongReference(true).register(registry));
    }

    private static double safe(Supplier<CacheStats> stats, ToDoubleFunction<CacheStats> f) {
        CacheStats s = stats.get();
        return s == null ? Double.NaN : f.applyAsDouble(s);
    }

    private static double circuit(String state) {
        return switch (state) {
            case "CLOSED" -> 0;
            case "HALF_OPEN" -> 1;
            case "OPEN" -> 2;
            default -> -1;
        };
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void onEvent(CacheEvent event) {
        switch (event.outcome()) {
            case HIT, STALE, COALESCED, MISS, BYPASS -> count("strata.requests", "outcome",
                    event.outcome().name().toLowerCase(Locale.ROOT), "tier",
                    event.tier() == CacheEvent.Tier.TIER1 ? "tier1" : event.tier() == CacheEvent.Tier.TIER2 ? "tier2"
                            : "origin");
            case STORE -> stores.increment();
            case ERROR -> count("strata.errors", "tier", event.tier() == CacheEvent.Tier.TIER1 ? "tier1" : "tier2");
            case ORIGIN_FETCH -> originFetch.record(event.durationNanos(), TimeUnit.NANOSECONDS);
            case TIER2_READ -> tier2Read.record(event.durationNanos(), TimeUnit.NANOSECONDS);
            case PURGE -> {
                String[] scopeAndMode = event.detail().split(" ");
                count("strata.purges", "scope", scopeAndMode[0], "mode", scopeAndMode[1]);
            }
            default -> {
                // nothing else is metered
            }
        }
    }

    private void count(String name, String... tags) {
        Counter c = counters.get(name + String.join(",", tags));
        if (c == null) {
            c = counter(name, name, tags);
        }
        c.increment();
    }

    /** Removes this filter's meters from the registry. */
    @Override
    public void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }
}
