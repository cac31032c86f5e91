package dev.strata.internal.metrics;

import dev.strata.CacheStats;
import dev.strata.InitParam;
import dev.strata.spi.CacheInterceptor;
import java.util.function.Supplier;

/**
 * Micrometer metrics when Micrometer is on the class path, without a hard dependency: this class
 * names no Micrometer type, and {@link MicrometerMetrics} is loaded only once Micrometer is known
 * to be there.
 */
public final class Metrics {
    private static final String REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private Metrics() {
    }

    /**
     * The metrics interceptor the {@code metrics} init-param asks for, or {@code null}.
     *
     * @param mode {@code auto}, {@code off} or the class name of a {@code Supplier<MeterRegistry>}
     * @param filterName the {@code filter} tag of every meter
     * @param stats this filter's figures, for the gauges
     * @param loader where the supplier class is loaded from
     * @throws IllegalArgumentException naming the init-param when a supplier is named but
     *     Micrometer is missing, or the supplier cannot be loaded or gives no registry
     */
    public static CacheInterceptor create(String mode, String filterName, Supplier<CacheStats> stats,
            ClassLoader loader) {
        if (mode.equals("off")) {
            return null;
        }
        boolean present = present();
        if (mode.equals("auto")) {
            return present ? MicrometerMetrics.global(filterName, stats) : null;
        }
        String prefix = "Invalid Strata init-param '" + InitParam.METRICS.paramName() + "': '" + mode + "' ";
        if (!present) {
            throw new IllegalArgumentException(prefix + "names a registry supplier, but Micrometer ("
                    + REGISTRY + ") is not on the class path");
        }
        return MicrometerMetrics.fromSupplier(mode, filterName, stats, loader, prefix);
    }

    /** Whether Micrometer is on Strata's class path. */
    public static boolean present() {
        try {
            Class.forName(REGISTRY, false, Metrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
