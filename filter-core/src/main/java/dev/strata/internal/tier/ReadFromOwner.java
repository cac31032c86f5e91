package dev.strata.internal.tier;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/** Reads a tier-2 value on its partition owner, never from a backup that may lag behind a write. */
final class ReadFromOwner implements EntryProcessor<String, byte[], byte[]>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] process(Map.Entry<String, byte[]> entry) {
        return entry.getValue();
    }

    @Override
    public EntryProcessor<String, byte[], byte[]> getBackupProcessor() {
        return null;
    }
}
