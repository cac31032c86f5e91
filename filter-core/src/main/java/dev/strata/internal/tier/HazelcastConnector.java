package dev.strata.internal.tier;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.File;
import java.io.FileNotFoundException;

/**
 * Finds or starts the Hazelcast instance behind tier 2 and makes sure the tier-2 map has Strata's
 * settings: no synchronous backup, one asynchronous backup, reads served from backups (the
 * eventually consistent KV tier of the design). A map config the operator already declared for
 * that name is left as it is.
 */
public final class HazelcastConnector {
    private HazelcastConnector() {
    }

    /** The instance and whether Strata started it (and so must shut it down). */
    public record Connection(HazelcastInstance instance, boolean owned) {
    }

    /**
     * A running instance by name.
     *
     * @throws IllegalArgumentException when no instance has that name
     */
    public static Connection existing(String instanceName, String mapName) {
        HazelcastInstance hz = Hazelcast.getHazelcastInstanceByName(instanceName);
        if (hz == null) {
            throw new IllegalArgumentException("no running Hazelcast instance named '" + instanceName + "'");
        }
        if (hz.getConfig().getMapConfigOrNull(mapName) == null) {
            hz.getConfig().addMapConfig(mapConfig(mapName));
        }
        return new Connection(hz, false);
    }

    /**
     * Starts a member from a YAML or XML config file ({@code classpath:} prefix for a resource).
     *
     * @throws IllegalArgumentException when the file is missing
     */
    public static Connection start(String configLocation, String mapName) {
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
        if (config.getMapConfigOrNull(mapName) == null) {
            config.addMapConfig(mapConfig(mapName));
        }
        return new Connection(Hazelcast.newHazelcastInstance(config), true);
    }

    /** Strata's settings for the tier-2 map. */
    public static MapConfig mapConfig(String mapName) {
        return new MapConfig(mapName)
                .setBackupCount(0)
                .setAsyncBackupCount(1)
                .setReadBackupData(true);
    }
}
