package dev.strata.internal.jmx;

import dev.strata.CacheStats;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers a filter's {@link CacheMXBean} with the platform MBean server, and removes it. */
public final class Jmx implements AutoCloseable {
    private static final Logger LOG = System.getLogger("dev.strata");
    private final MBeanServer server;
    private final ObjectName name;

    private Jmx(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Registers as {@code dev.strata:type=Cache,name=<filter-name>}; when another filter of that
     * name is registered in this JVM already, adds {@code ,instance=2} (3, ...).
     *
     * @return the registration, or {@code null} when it failed (logged)
     */
    public static Jmx register(String filterName, Supplier<CacheStats> stats) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String base = "dev.strata:type=Cache,name=" + quoteIfNeeded(filterName);
        for (int instance = 1; instance < 100; instance++) {
            try {
                ObjectName name = new ObjectName(instance == 1 ? base : base + ",instance=" + instance);
                server.registerMBean(new javax.management.StandardMBean(new Bean(stats), CacheMXBean.class, true), name);
                return new Jmx(server, name);
            } catch (InstanceAlreadyExistsException e) {
                // try the next instance number
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.WARNING, "Strata MBean could not be registered: " + e);
                return null;
            }
        }
        return null;
    }

    private static String quoteIfNeeded(String value) {
        for (char c : value.toCharArray()) {
            if (",=:\"*?\n".indexOf(c) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    /** The name it was registered under. */
    public ObjectName name() {
        return name;
    }

    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.log(Level.DEBUG, "Strata MBean unregistration failed", e);
        }
    }

    private record Bean(Supplier<CacheStats> stats) implements CacheMXBean {
        private CacheStats s() {
            return stats.get();
        }

        @Override
        public long getRequests() {
            return s().requests();
        }

        @Override
        public long getTier1Hits() {
            return s().tier1Hits();
        }

        @Override
        public long getTier2Hits() {
            return s().tier2Hits();
        }

        @Override
        public long getMisses() {
            return s().misses();
        }

        @Override
        public long getBypasses() {
            return s().bypasses();
        }

        @Override
        public long getStores() {
            return s().stores();
        }

        @Override
        public long getDroppedWrites() {
            return s().droppedWrites();
        }

        @Override
        public long getFencedOut() {
            return s().fencedOut();
        }

        @Override
        public long getTier1Errors() {
            return s().tier1Errors();
        }

        @Override
        public long getTier2Errors() {
            return s().tier2Errors();
        }

        @Override
        public long getCorruptEntries() {
            return s().corruptEntries();
        }

        @Override
        public long getCoalesced() {
            return s().coalesced();
        }

        @Override
        public long getStaleServed() {
            return s().staleServed();
        }

        @Override
        public long getPurges() {
            return s().purges();
        }

        @Override
        public double getTier1HitRatio() {
            return s().tier1HitRatio();
        }

        @Override
        public double getTier2HitRatio() {
            return s().tier2HitRatio();
        }

        @Override
        public double getOriginFallThroughRatio() {
            return s().originFallThroughRatio();
        }

        @Override
        public String getTier2Circuit() {
            return s().tier2Circuit();
        }

        @Override
        public long getTier1Entries() {
            return s().tier1Entries();
        }

        @Override
        public long getTier1Bytes() {
            return s().tier1Bytes();
        }

        @Override
        public long getTier2Entries() {
            return s().tier2Entries();
        }

        @Override
        public long getTier2Bytes() {
            return s().tier2Bytes();
        }

        @Override
        public long getOriginFetches() {
            return s().originFetches();
        }

        @Override
        public double getOriginFetchMeanMillis() {
            CacheStats s = s();
            return s.originFetches() == 0 ? 0 : s.originFetchNanos() / 1e6 / s.originFetches();
        }

        @Override
        public long getTier2Reads() {
            return s().tier2Reads();
        }

        @Override
        public double getTier2ReadMeanMillis() {
            CacheStats s = s();
            return s.tier2Reads() == 0 ? 0 : s.tier2ReadNanos() / 1e6 / s.tier2Reads();
        }
    }
}
