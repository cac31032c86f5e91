package dev.strata.internal.tier;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.client.config.XmlClientConfigBuilder;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataMemberConfig;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Finds or starts the Hazelcast instance behind tier 2: an embedded member, or a client of a
 * cluster of members run elsewhere.
 *
 * <p>On a member, Strata adds its map configs ({@link StrataMemberConfig}) where the operator
 * declared none for those names. A client never changes the cluster's config: the members carry
 * it (see {@link StrataMemberConfig}). A client Strata starts is made to never wait for the
 * cluster: async start, asynchronous reconnection, and no connect timeout (a client that gives up
 * shuts down and would never pick the cluster up again); a config file that says otherwise is
 * overridden with a warning.
 */
public final class HazelcastConnector {
    private static final Logger LOG = System.getLogger("dev.strata");

    private HazelcastConnector() {
    }

    /**
     * The instance, whether Strata started it (and so must shut it down), and whether it is a
     * client (whose proxies cannot be created while it is not connected).
     */
    public record Connection(HazelcastInstance instance, boolean owned, boolean client) {
    }

    /**
     * A running instance by name: a member, else a client.
     *
     * @throws IllegalArgumentException when no instance has that name
     */
    public static Connection existing(String instanceName, String mapName, int tier2MaxSizeMb) {
        CompletionThreads.replaceThreadPerTask();
        HazelcastInstance hz = Hazelcast.getHazelcastInstanceByName(instanceName);
        if (hz != null) {
            StrataMemberConfig.apply(hz.getConfig(), mapName, tier2MaxSizeMb);
            return new Connection(hz, false, false);
        }
        hz = HazelcastClient.getHazelcastClientByName(instanceName);
        if (hz != null) {
            LOG.log(Level.INFO, "Strata tier 2 through Hazelcast client ''{0}'': the members must carry Strata''s "
                    + "map configs (StrataMemberConfig) and filter-core on their class path", instanceName);
            return new Connection(hz, false, true);
        }
        throw new IllegalArgumentException("no running Hazelcast instance (member or client) named '"
                + instanceName + "'");
    }

    /**
     * Starts a member from a YAML or XML config file ({@code classpath:} prefix for a resource).
     *
     * @throws IllegalArgumentException when the file is missing
     */
    public static Connection start(String configLocation, String mapName, int tier2MaxSizeMb) {
        CompletionThreads.replaceThreadPerTask();
        Config config;
        if (configLocation.startsWith("classpath:")) {
            config = Config.loadFromClasspath(HazelcastConnector.class.getClassLoader(),
                    configLocation.substring("classpath:".length()));
        } else {
            try {
                config = Config.loadFromFile(new File(configLocation));
            } catch (FileNotFoundException e) {
                throw new IllegalArgumentException("Hazelcast config file not found: " + configLocation, e);
            }
        }
        StrataMemberConfig.apply(config, mapName, tier2MaxSizeMb);
        StrataMemberConfig.applyProperties(config);
        return new Connection(Hazelcast.newHazelcastInstance(config), true, false);
    }

    /**
     * Starts a client from a YAML ({@code .yaml}, {@code .yml}) or XML client config file
     * ({@code classpath:} prefix for a resource), loaded with Hazelcast's own builders. Returns at
     * once: the client connects in the background.
     *
     * @throws IllegalArgumentException when the file is missing or malformed
     */
    public static Connection startClient(String configLocation) {
        CompletionThreads.replaceThreadPerTask();
        ClientConfig config = loadClientConfig(configLocation);
        neverWait(config, configLocation);
        return new Connection(HazelcastClient.newHazelcastClient(config), true, true);
    }

    static ClientConfig loadClientConfig(String location) {
        boolean yaml = location.toLowerCase(Locale.ROOT).matches(".*\\.ya?ml$");
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length());
                InputStream in = HazelcastConnector.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) {
                    throw new IllegalArgumentException("Hazelcast client config not found on the class path: "
                            + resource);
                }
                try (in) {
                    return yaml ? new YamlClientConfigBuilder(in).build() : new XmlClientConfigBuilder(in).build();
                }
            }
            File file = new File(location);
            if (!file.isFile()) {
                throw new IllegalArgumentException("Hazelcast client config file not found: " + location);
            }
            return yaml ? new YamlClientConfigBuilder(file).build() : new XmlClientConfigBuilder(file).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Hazelcast client config could not be read: " + location, e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("Hazelcast client config is invalid: " + location + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Async start, async reconnect, no connect timeout: the client never blocks a request. Strata's
     * Java serialization filter ({@link StrataMemberConfig#serializationFilter()}) unless the file
     * declares one. And a 500 ms wait for synchronous backups' acknowledgements (Hazelcast's default
     * is 5 s), unless the file sets one: lease operations have a synchronous backup, and a stalled member holding it
     * would make each of them outlast the coordinator timeout.
     */
    static void neverWait(ClientConfig config, String source) {
        if (config.getProperty(StrataMemberConfig.CLIENT_BACKUP_TIMEOUT_PROPERTY) == null) {
            config.setProperty(StrataMemberConfig.CLIENT_BACKUP_TIMEOUT_PROPERTY, StrataMemberConfig.BACKUP_TIMEOUT_MILLIS);
        }
        if (config.getSerializationConfig().getJavaSerializationFilterConfig() == null) {
            // the client deserializes the tier-2 values it reads: the same allow-list as members
            config.getSerializationConfig().setJavaSerializationFilterConfig(StrataMemberConfig.serializationFilter());
        }
        ClientConnectionStrategyConfig strategy = config.getConnectionStrategyConfig();
        if (!strategy.isAsyncStart()) {
            strategy.setAsyncStart(true);
            LOG.log(Level.DEBUG, "Strata starts the Hazelcast client of {0} with async-start: true", source);
        }
        if (strategy.getReconnectMode() != ReconnectMode.ASYNC) {
            if (strategy.getReconnectMode() == ReconnectMode.OFF) {
                LOG.log(Level.WARNING, "Strata overrides reconnect-mode OFF of {0} with ASYNC: a client that does "
                        + "not reconnect never picks the cluster up again", source);
            }
            strategy.setReconnectMode(ReconnectMode.ASYNC);
        }
        ConnectionRetryConfig retry = strategy.getConnectionRetryConfig();
        if (retry.getClusterConnectTimeoutMillis() >= 0) {
            LOG.log(Level.WARNING, "Strata overrides cluster-connect-timeout-millis {0} of {1} with -1 (no timeout): "
                    + "a client that gives up shuts down and never picks the cluster up again",
                    retry.getClusterConnectTimeoutMillis(), source);
            retry.setClusterConnectTimeoutMillis(ConnectionRetryConfig.DEFAULT_CLUSTER_CONNECT_TIMEOUT_MILLIS);
        }
    }

    /**
     * Adds a map config on a member where none is declared for its name; on a client, nothing (the
     * members own their config, see {@link StrataMemberConfig}).
     */
    public static void ensureMapConfig(HazelcastInstance hazelcast, MapConfig map) {
        Config config;
        try {
            config = hazelcast.getConfig();
            if (config.getMapConfigOrNull(map.getName()) == null) {
                config.addMapConfig(map);
            }
        } catch (UnsupportedOperationException e) {
            // a client: its getConfig() only sends dynamic configs, which Strata leaves to the members
        }
    }

    /** Strata's settings for the tier-2 map, with no size bound. */
    public static MapConfig mapConfig(String mapName) {
        return StrataMemberConfig.tier2MapConfig(mapName, 0);
    }
}
