package dev.strata.example.demo;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.strata.StrataMemberConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded Hazelcast member of an example: cluster {@value #CLUSTER_NAME}, bound to 127.0.0.1,
 * TCP-IP join only. No map config here: StrataFilter configures its own tier-2 map. Or, with
 * {@code --client}, a Hazelcast client of members started with
 * {@link dev.strata.example.member.StrataMember}, which carry Strata's map configs.
 */
public final class DemoCluster {

    public static final String CLUSTER_NAME = "strata";
    /** The tier-2 map the examples configure the filter with (also the filter's default). */
    public static final String TIER2_MAP = "strata-responses";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private DemoCluster() {
    }

    /**
     * A Hazelcast instance name unique in this process: {@code <prefix>-<httpPort>}, or for port 0
     * (not known before the member starts) {@code <prefix>-<pid>-<n>}.
     */
    public static String instanceName(String prefix, int httpPort) {
        return httpPort != 0
                ? prefix + "-" + httpPort
                : prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    /**
     * The member config. Port 0 is replaced by a port free at this moment (Hazelcast moves on to
     * the next one if it is taken by the time it binds). With no {@code members}, the join list is
     * this member alone, {@code 127.0.0.1:<port>}, so it forms a cluster of its own.
     */
    public static Config memberConfig(String instanceName, int clusterPort, List<String> members) {
        int port = clusterPort != 0 ? clusterPort : freeLoopbackPort();
        Config config = new Config()
                .setInstanceName(instanceName)
                .setClusterName(CLUSTER_NAME)
                .setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk")
                // bind the member socket to 127.0.0.1 only, not to every interface
                .setProperty("hazelcast.socket.bind.any", "false")
                // the example closes the HTTP server first, then the member, from its own hook
                .setProperty("hazelcast.shutdownhook.enabled", "false");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        TcpIpConfig tcpIp = join.getTcpIpConfig().setEnabled(true);
        if (members.isEmpty()) {
            tcpIp.addMember("127.0.0.1:" + port);
        } else {
            members.forEach(tcpIp::addMember);
        }
        return config;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Starts a member with {@link #memberConfig}. */
    public static HazelcastInstance startMember(String instanceName, int clusterPort, List<String> members) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(StrataMemberConfig.applyProperties(
                memberConfig(instanceName, clusterPort, members)));
        // The first map operation of a fresh member is slow (100-250 ms here: partition assignment,
        // class loading), longer than the filter's default 100 ms tier-2 budget. Pay it now, on a
        // throw-away map: the filter's own map must not be touched before the filter configures it.
        IMap<String, String> warmUp = member.getMap("strata-warm-up");
        warmUp.get("warm-up");
        warmUp.destroy();
        return member;
    }

    /** The port the member bound, or 0 for a client (which binds none). */
    public static int boundPort(HazelcastInstance member) {
        if (!(member.getLocalEndpoint() instanceof com.hazelcast.cluster.Member local)) {
            return 0;
        }
        return local.getAddress().getPort();
    }

    /**
     * The config of a client of {@code members}: it starts at once and connects in the background,
     * reconnects in the background forever (retrying every 100 ms at first, at most every 2 s), so
     * a cluster that comes back is picked up within about 2 s, and a request never waits for it.
     */
    public static ClientConfig clientConfig(String instanceName, List<String> members) {
        ClientConfig config = new ClientConfig()
                .setInstanceName(instanceName)
                .setClusterName(CLUSTER_NAME)
                .setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk")
                .setProperty("hazelcast.shutdownhook.enabled", "false")
                // backups acknowledge to the client: wait 500 ms for them, not 5 s (StrataMemberConfig)
                .setProperty(StrataMemberConfig.CLIENT_BACKUP_TIMEOUT_PROPERTY,
                        StrataMemberConfig.BACKUP_TIMEOUT_MILLIS);
        members.forEach(config.getNetworkConfig()::addAddress);
        ClientConnectionStrategyConfig strategy = config.getConnectionStrategyConfig()
                .setAsyncStart(true)
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        strategy.getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(-1)
                .setInitialBackoffMillis(100)
                .setMaxBackoffMillis(2000)
                .setMultiplier(2)
                .setJitter(0.2);
        return config;
    }

    /** Starts a client with {@link #clientConfig}; it returns before it is connected. */
    public static HazelcastInstance startClient(String instanceName, List<String> members) {
        return HazelcastClient.newHazelcastClient(clientConfig(instanceName, members));
    }

    /** A member or client, as the options ask. */
    public static HazelcastInstance start(String instanceName, ExampleOptions options) {
        return options.client() ? startClient(instanceName, options.members())
                : startMember(instanceName, options.clusterPort(), options.members());
    }
}
