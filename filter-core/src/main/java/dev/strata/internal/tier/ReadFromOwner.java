package dev.strata.internal.tier;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.util.Map;

/** Reads a tier-2 value on its partition owner, never from a backup that may lag behind a write. */
final class ReadFromOwner implements EntryProcessor<String, byte[], byte[]>, ReadOnly, DataSerializable {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] process(Map.Entry<String, byte[]> entry) {
        byte[] value = StoredBytes.of(entry);
        return value == StoredBytes.FOREIGN ? null : value;
    }

    @Override
    public EntryProcessor<String, byte[], byte[]> getBackupProcessor() {
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state: the class name is the whole message
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
