package dev.strata.example.member;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataMemberConfig;
import dev.strata.example.demo.DemoCluster;
import dev.strata.example.demo.DemoLogging;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code strata-member} launcher: a plain Hazelcast member with Strata's map configs
 * ({@link StrataMemberConfig}) on 127.0.0.1, for a cluster of members and a separate tier of app
 * nodes that are its clients ({@code --client} of the examples, or the {@code hazelcastClientConfig}
 * init-param). Its class path is the examples' shaded jar, which holds filter-core: the filter's
 * entry processors run here.
 *
 * <pre>
 * java -cp jetty-example/target/jetty-example.jar dev.strata.example.member.StrataMember \
 *      --cluster-port 5701 --members 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703 \
 *      [--tier2-map strata-responses] [--tier2-max-size-mb 256]
 * </pre>
 *
 * <p>The port is taken exactly (no auto-increment: the other members and the clients list it).
 * Runs until stopped (SIGTERM, Ctrl-C: a graceful shutdown; kill -9 is what the fault tests do).
 * Exits 2 on a usage error, 1 when the member does not start.
 */
public final class StrataMember {

    private StrataMember() {
    }

    /**
     * Parsed flags.
     *
     * @param clusterPort member port on 127.0.0.1; 0 (only programmatically, not as a flag) lets the
     *     member pick a free one and move on to the next if it is taken by the time it binds
     * @param members the cluster's members
     * @param tier2Map the filters' tier2Map
     * @param tier2MaxSizeMb heap bound of the tier-2 map, MiB, 0 = none
     */
    public record Options(int clusterPort, List<String> members, String tier2Map, int tier2MaxSizeMb) {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("strata-member: " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        DemoLogging.quiet();
        HazelcastInstance member;
        try {
            member = start(options);
        } catch (RuntimeException e) {
            System.err.println("strata-member: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                member.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "strata-member-shutdown"));
        System.out.println("Strata member 127.0.0.1:" + DemoCluster.boundPort(member) + " started (cluster "
                + DemoCluster.CLUSTER_NAME + ", tier-2 map " + options.tier2Map() + ", bound "
                + (options.tier2MaxSizeMb() == 0 ? "none" : options.tier2MaxSizeMb() + " MiB per member") + ")");
        System.out.flush();
        while (stopped.getCount() > 0) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Starts a member with {@code options}; {@link DemoCluster#boundPort} tells the port it took. */
    public static HazelcastInstance start(Options options) {
        Config config = DemoCluster.memberConfig(DemoCluster.instanceName("strata-member", options.clusterPort()),
                options.clusterPort(), options.members());
        // a port given exactly is taken exactly: the other members and the clients list it
        config.getNetworkConfig().setPortAutoIncrement(options.clusterPort() == 0);
        StrataMemberConfig.apply(config, options.tier2Map(), options.tier2MaxSizeMb());
        StrataMemberConfig.applyProperties(config);
        return Hazelcast.newHazelcastInstance(config);
    }

    public static Options parse(String... args) {
        int port = -1;
        List<String> members = new ArrayList<>();
        String map = "strata-responses";
        int maxSizeMb = StrataMemberConfig.DEFAULT_TIER2_MAX_SIZE_MB;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            switch (flag) {
                case "--cluster-port" -> port = number(flag, value, 1, 65535);
                case "--members" -> {
                    for (String m : value.split(",")) {
                        if (!m.isBlank()) {
                            if (!m.trim().matches("[^:]+:\\d{1,5}")) {
                                throw new IllegalArgumentException("--members entries must be host:port: " + m);
                            }
                            members.add(m.trim());
                        }
                    }
                }
                case "--tier2-map" -> map = value.trim();
                case "--tier2-max-size-mb" -> maxSizeMb = number(flag, value, 0, 1 << 20);
                default -> throw new IllegalArgumentException("unknown argument: " + flag);
            }
        }
        if (port < 0) {
            throw new IllegalArgumentException("--cluster-port is required");
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("--tier2-map must not be empty");
        }
        return new Options(port, List.copyOf(members), map, maxSizeMb);
    }

    private static int number(String flag, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max + ": " + value);
    }

    static String usage() {
        return "Usage: java -cp jetty-example.jar dev.strata.example.member.StrataMember --cluster-port N\n"
                + "         [--members host:port,...] [--tier2-map NAME] [--tier2-max-size-mb N]\n"
                + "  --cluster-port N        member port on 127.0.0.1 (taken exactly)\n"
                + "  --members LIST          the cluster's members, host:port (default: this one alone)\n"
                + "  --tier2-map NAME        the filters' tier2Map (default strata-responses)\n"
                + "  --tier2-max-size-mb N   heap of the tier-2 map per member before LRU eviction, MiB\n"
                + "                          (default " + StrataMemberConfig.DEFAULT_TIER2_MAX_SIZE_MB + "; 0 = none)\n";
    }
}
