package dev.strata.internal.tier;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.query.impl.CachedQueryEntry;
import java.util.Map;

/**
 * The value of a tier-2 entry inside an entry processor, read without deserializing anything but a
 * byte array: a value of another type (planted by someone who can write the map) names a class,
 * and turning it into an object would instantiate that class on the partition owner.
 */
final class StoredBytes {
    private StoredBytes() {
    }

    /** What {@link #of} answers for a value that is not a byte array (compared by identity). */
    static final byte[] FOREIGN = new byte[0];

    /** The entry's bytes, {@code null} when it is absent, or {@link #FOREIGN}. */
    static byte[] of(Map.Entry<String, byte[]> entry) {
        if (entry instanceof CachedQueryEntry<?, ?> serialized) {
            Data data = serialized.getValueData();
            if (data == null) {
                return null;
            }
            if (data.getType() != SerializationConstants.CONSTANT_TYPE_BYTE_ARRAY) {
                return FOREIGN;
            }
        }
        Object value = entry.getValue();
        return value == null ? null : value instanceof byte[] bytes ? bytes : FOREIGN;
    }
}
