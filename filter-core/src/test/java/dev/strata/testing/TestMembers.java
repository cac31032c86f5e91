package dev.strata.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A real Hazelcast cluster of members in this JVM, bound to 127.0.0.1, joined by TCP-IP. */
public final class TestMembers implements AutoCloseable {
    private final List<HazelcastInstance> members = new ArrayList<>();

    private TestMembers() {
    }

    /** Starts {@code count} members in one fresh cluster. */
    public static TestMembers start(int count) {
        return start(count, config -> { });
    }

    /** Starts {@code count} members, each config adjusted by {@code customiser} first. */
    public static TestMembers start(int count, java.util.function.Consumer<Config> customiser) {
        TestMembers cluster = new TestMembers();
        String clusterName = "strata-test-" + UUID.randomUUID();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(FreePorts.next());
        }
        for (int i = 0; i < count; i++) {
            Config config = config(clusterName, ports, i);
            customiser.accept(config);
            cluster.members.add(Hazelcast.newHazelcastInstance(config));
        }
        return cluster;
    }

    /**
     * Starts one member for each of {@code ports} in cluster {@code clusterName}, each config
     * adjusted by {@code customiser} first: for a cluster that must come up where clients already
     * look for it.
     */
    public static TestMembers start(String clusterName, List<Integer> ports,
            java.util.function.Consumer<Config> customiser) {
        TestMembers cluster = new TestMembers();
        for (int i = 0; i < ports.size(); i++) {
            Config config = config(clusterName, ports, i);
            customiser.accept(config);
            cluster.members.add(Hazelcast.newHazelcastInstance(config));
        }
        return cluster;
    }

    /** The cluster's name. */
    public String clusterName() {
        return members.get(0).getConfig().getClusterName();
    }

    /** {@code 127.0.0.1:port} of member {@code i}. */
    public String address(int i) {
        return "127.0.0.1:" + members.get(i).getCluster().getLocalMember().getAddress().getPort();
    }

    static Config config(String clusterName, List<Integer> ports, int index) {
        Config c = new Config();
        c.setInstanceName(clusterName + "-" + index);
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.partition.count", "31");
        NetworkConfig network = c.getNetworkConfig();
        network.setPort(ports.get(index)).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port : ports) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        return c;
    }

    /** Number of members started. */
    public int size() {
        return members.size();
    }

    /** Member {@code i}. */
    public HazelcastInstance member(int i) {
        return members.get(i);
    }

    /** Its instance name, for the {@code hazelcastInstance} init-param. */
    public String name(int i) {
        return members.get(i).getName();
    }

    /** Entries of a map held on member {@code i} as owner or backup. */
    public long localEntries(int i, String map) {
        var stats = members.get(i).getMap(map).getLocalMapStats();
        return stats.getOwnedEntryCount() + stats.getBackupEntryCount();
    }

    /**
     * A key {@code prefix + n} whose partition member {@code i} owns, in partition
     * {@code partitionId} unless that is negative. Call once the cluster is safe, or a migration
     * may move it.
     */
    public String keyOwnedBy(int i, String prefix, int partitionId) {
        HazelcastInstance owner = members.get(i);
        for (int n = 0; n < 100_000; n++) {
            var partition = owner.getPartitionService().getPartition(prefix + n);
            if (partition.getOwner().localMember() && (partitionId < 0 || partition.getPartitionId() == partitionId)) {
                return prefix + n;
            }
        }
        throw new AssertionError("no key owned by member " + i + " in partition " + partitionId);
    }

    @Override
    public void close() {
        for (HazelcastInstance m : members) {
            try {
                m.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already down
            }
        }
    }
}
