package dev.strata.internal.tier;

import com.hazelcast.internal.partition.IPartition;
import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.map.impl.PartitionContainer;
import com.hazelcast.map.impl.recordstore.RecordStore;
import com.hazelcast.spi.impl.AbstractDistributedObject;
import com.hazelcast.spi.impl.NodeEngine;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Reads a tier-2 key straight from this member's replica when this member owns the key's
 * partition, on the calling thread.
 *
 * <p>Why: an asynchronous map read is a hand-off to a partition thread and another to a completion
 * thread, even when the partition is this member's own: on two cores a tier-2 hit cost about twice
 * a tier-1 hit under load. Hazelcast's own synchronous {@code get} with {@code read-backup-data}
 * reads a local replica this way, but falls through to an unbounded invocation for an absent key,
 * which would break {@code tier2Timeout}. Reading the owner's record store answers present and
 * absent alike without waiting on anything: the owner's store is what an owner read returns.
 * Backup replicas are not read here (they may lag behind a removal or a fenced write); keys other
 * members own go through the bounded asynchronous read as before.
 *
 * <p>This uses Hazelcast internals (the map proxy's node engine and record stores, the same calls
 * {@code IMap.get} makes for {@code read-backup-data}), present from 5.4 to 5.7. On a Hazelcast
 * client, or when any of them is missing or fails, it turns itself off for good and every read
 * takes the asynchronous path.
 */
final class OwnedReplica {
    /** The answer when this member does not own the key's partition (or the reader is off). */
    static final Object NOT_OWNED = new Object();
    /** The answer for a value that is not a byte array, left serialized. */
    static final Object FOREIGN = new Object() {
        @Override
        public String toString() {
            return "a value that is not a byte array";
        }
    };
    private static final Logger LOG = System.getLogger("dev.strata");

    private final String mapName;
    private final SerializationService serialization;
    private final IPartitionService partitions;
    private final MapServiceContext maps;
    private volatile boolean on = true;

    private OwnedReplica(String mapName, NodeEngine engine, MapServiceContext maps) {
        this.mapName = mapName;
        this.serialization = engine.getSerializationService();
        this.partitions = engine.getPartitionService();
        this.maps = maps;
    }

    /** A reader for {@code map}, or {@code null} when it is not a member's own map proxy. */
    static OwnedReplica of(IMap<?, ?> map) {
        try {
            if (map instanceof AbstractDistributedObject<?> proxy && proxy.getService() instanceof MapService service) {
                return new OwnedReplica(map.getName(), proxy.getNodeEngine(), service.getMapServiceContext());
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "Strata cannot read owned tier-2 replicas directly; every read goes "
                    + "through the partition threads", e);
        }
        return null;
    }

    /**
     * The value under {@code key} as this member's owned replica has it ({@code null} when absent),
     * or {@link #NOT_OWNED}.
     */
    Object read(String key) {
        if (!on) {
            return NOT_OWNED;
        }
        try {
            Data keyData = serialization.toData(key);
            int partitionId = partitions.getPartitionId(keyData);
            IPartition partition = partitions.getPartition(partitionId, false);
            if (partition == null || !partition.isLocal()) {
                return NOT_OWNED;
            }
            PartitionContainer container = maps.getPartitionContainer(partitionId);
            RecordStore<?> store = container.getExistingRecordStore(mapName);
            if (store == null) {
                return null; // nothing of this map was ever stored in this partition
            }
            Data value = store.readBackupData(keyData);
            if (value == null) {
                return null;
            }
            // only a byte array is ever turned into an object: a value of any other type (a planted
            // Java object) is refused before anything named by its data is instantiated
            return value.getType() == SerializationConstants.CONSTANT_TYPE_BYTE_ARRAY
                    ? serialization.toObject(value) : FOREIGN;
        } catch (RuntimeException | LinkageError e) {
            on = false;
            LOG.log(Level.INFO, "Strata stopped reading owned tier-2 replicas directly after an error; "
                    + "every read now goes through the partition threads", e);
            return NOT_OWNED;
        }
    }
}
