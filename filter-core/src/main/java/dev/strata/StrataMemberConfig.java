package dev.strata;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import java.util.List;

/**
 * The map configs a Hazelcast member of a Strata cluster needs, for members that Strata does not
 * start itself: a cluster of plain members with the filters as Hazelcast clients
 * ({@code hazelcastClientConfig}, or {@code hazelcastInstance} naming a running client).
 *
 * <p>In client mode the filter never changes the cluster's config: a dynamic config sent by a
 * client is lost when the members restart, and one that differs from a member's own is refused.
 * The members are configured instead, with {@link #apply} in code, or with the same settings in
 * their {@code hazelcast.yaml}:
 *
 * <pre>
 * map:
 *   strata-responses:            # tier 2: the eventually consistent KV tier
 *     backup-count: 0
 *     async-backup-count: 1
 *     read-backup-data: true
 *     eviction: {eviction-policy: LRU, max-size-policy: USED_HEAP_SIZE, size: 256}
 *   strata-responses.leases:     # writer leases of the lease coordinator
 *     backup-count: 1
 *     max-idle-seconds: 3600
 *   strata-responses.versions:   # the namespace version counter: never evicted, never expires
 *     backup-count: 1
 * </pre>
 *
 * <p>Members also want {@link #applyProperties} (or {@code hazelcast.operation.backup.timeout.millis:
 * 500} under {@code properties} in their YAML).
 *
 * <p>Entry processors of the filter ({@code ClaimLease}, {@code ReleaseLease},
 * {@code PublishIfNewer}, {@code ReadFromOwner}, the version counter's) run on the members: the
 * members' class path must hold {@code filter-core} (the examples' shaded jar does).
 */
public final class StrataMemberConfig {
    /** Default heap bound of the tier-2 map on each member, in MiB ({@code tier2MaxSizeMb}). */
    public static final int DEFAULT_TIER2_MAX_SIZE_MB = 256;
    /** The member property {@link #applyProperties} sets. */
    public static final String BACKUP_TIMEOUT_PROPERTY = "hazelcast.operation.backup.timeout.millis";
    /** Its value: how long an operation waits for a synchronous backup's acknowledgement. */
    public static final String BACKUP_TIMEOUT_MILLIS = "500";
    /**
     * The same for a (smart) client, to which the backups acknowledge directly: set by Strata on the
     * clients it starts, where the config file sets none.
     */
    public static final String CLIENT_BACKUP_TIMEOUT_PROPERTY = "hazelcast.client.operation.backup.timeout.millis";

    private StrataMemberConfig() {
    }

    /**
     * Adds Strata's map configs to a member config, leaving any config the operator already
     * declared for one of those names as it is.
     *
     * @param config the member config
     * @param tier2Map the filters' {@code tier2Map}
     * @param tier2MaxSizeMb heap the tier-2 map may use on each member before its least recently
     *     used entries are evicted, in MiB; {@code 0} for no bound
     * @return {@code config}
     */
    public static Config apply(Config config, String tier2Map, int tier2MaxSizeMb) {
        for (MapConfig map : mapConfigs(tier2Map, tier2MaxSizeMb)) {
            if (config.getMapConfigOrNull(map.getName()) == null) {
                config.addMapConfig(map);
            }
        }
        return config;
    }

    /**
     * Sets the member properties Strata relies on, where the operator set none, before the member
     * starts: {@value #BACKUP_TIMEOUT_PROPERTY} = {@value #BACKUP_TIMEOUT_MILLIS} (Hazelcast's
     * default is 5000). Lease claims and releases have a synchronous backup; when the member that
     * holds it is stalled, each of them waits this long for its acknowledgement, then answers. At
     * Hazelcast's 5 s a stalled member made every lease operation of a third of the keys outlast the
     * coordinator timeout.
     *
     * <p>Also sets {@link #serializationFilter()} where the operator declared no Java serialization
     * filter: a member that holds a shared cache must not instantiate whatever class a value written
     * into its maps names. An application that keeps Java-serialized objects of its own in the same
     * member declares its own {@code java-serialization-filter}, and Strata leaves it as it is.
     *
     * @param config the config of a member not started yet
     * @return {@code config}
     */
    public static Config applyProperties(Config config) {
        if (config.getProperty(BACKUP_TIMEOUT_PROPERTY) == null) {
            config.setProperty(BACKUP_TIMEOUT_PROPERTY, BACKUP_TIMEOUT_MILLIS);
        }
        if (config.getSerializationConfig().getJavaSerializationFilterConfig() == null) {
            config.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
        }
        return config;
    }

    /**
     * The Java deserialization filter of members and clients Strata configures: Hazelcast's own
     * allow-list ({@code java.}, {@code javax.}, {@code com.hazelcast.}, arrays) and {@code dev.strata.};
     * any other class named by serialized data is refused. Strata's tier-2 values are byte arrays and
     * its own cluster objects are Hazelcast {@code DataSerializable}s, so it needs nothing else.
     */
    public static JavaSerializationFilterConfig serializationFilter() {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.getWhitelist().addPrefixes("dev.strata.");
        return filter;
    }

    /** The four map configs: tier 2, leases, versions, purge records. */
    public static List<MapConfig> mapConfigs(String tier2Map, int tier2MaxSizeMb) {
        return List.of(tier2MapConfig(tier2Map, tier2MaxSizeMb), leaseMapConfig(leaseMap(tier2Map)),
                versionMapConfig(versionMap(tier2Map)), purgeMapConfig(purgeMap(tier2Map)));
    }

    /** The purge records: one synchronous backup, read only on their owners. */
    public static MapConfig purgeMapConfig(String name) {
        return new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0).setReadBackupData(false);
    }

    /** Name of the purge record map that goes with a tier-2 map. */
    public static String purgeMap(String tier2Map) {
        return tier2Map + ".purges";
    }

    /**
     * Tier 2: no synchronous backup, one asynchronous backup, reads served from backups; with a
     * bound, LRU eviction once the map uses {@code maxSizeMb} MiB of heap on a member.
     */
    public static MapConfig tier2MapConfig(String name, int maxSizeMb) {
        if (maxSizeMb < 0) {
            throw new IllegalArgumentException("tier-2 size bound must be 0 (none) or positive: " + maxSizeMb);
        }
        MapConfig map = new MapConfig(name).setBackupCount(0).setAsyncBackupCount(1).setReadBackupData(true);
        if (maxSizeMb > 0) {
            map.setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                    .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE).setSize(maxSizeMb));
        }
        return map;
    }

    /**
     * The lease map: a synchronous backup so fences survive the loss of a member; idle entries go
     * after an hour (fences stay monotonic across that, see the lease coordinator).
     */
    public static MapConfig leaseMapConfig(String name) {
        return new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0).setReadBackupData(false)
                .setMaxIdleSeconds(3600);
    }

    /**
     * The namespace version counter: one synchronous backup, no expiry and no eviction (a counter
     * that reset would bring purged entries back), read only on its owner.
     */
    public static MapConfig versionMapConfig(String name) {
        return new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0).setReadBackupData(false);
    }

    /** Name of the lease map that goes with a tier-2 map. */
    public static String leaseMap(String tier2Map) {
        return tier2Map + ".leases";
    }

    /** Name of the version map that goes with a tier-2 map. */
    public static String versionMap(String tier2Map) {
        return tier2Map + ".versions";
    }
}
