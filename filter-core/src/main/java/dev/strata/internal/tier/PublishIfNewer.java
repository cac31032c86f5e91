package dev.strata.internal.tier;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.map.ExtendedMapEntry;
import dev.strata.internal.entry.EntryCodec;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fenced tier-2 write, run on the key's partition owner: the value is written only if its fence
 * is not older than the stored entry's, and not sooner than {@code minIntervalMillis} after the
 * stored entry was written by another writer. The write time is stamped here, on the owner's clock.
 *
 * <p>The interval only holds back a writer from an entry written before it claimed the key: an
 * entry written after that came from an older writer whose lease ran out while it fetched, and the
 * newer writer's response must replace it, not be refused for coming soon after it. (An entry
 * written in the very millisecond of the claim counts as after it: in doubt, the newer fence wins.)
 *
 * <p>Answers {@code null}, writing nothing, when the key holds a value that is not Strata's (see
 * {@link StoredBytes}).
 */
final class PublishIfNewer implements EntryProcessor<String, byte[], Boolean>, DataSerializable {
    private static final long serialVersionUID = 1L;
    /** Offset of the written-at field in an encoded entry (after magic, format and fence). */
    private static final int WRITTEN_AT_OFFSET = 11;

    private byte[] value;
    private long fence;
    private long ttlSeconds;
    private long minIntervalMillis;
    private long claimedAt;

    /** For deserialization only. */
    PublishIfNewer() {
    }

    PublishIfNewer(byte[] value, long fence, long ttlSeconds, long minIntervalMillis, long claimedAt) {
        this.value = value;
        this.fence = fence;
        this.ttlSeconds = ttlSeconds;
        this.minIntervalMillis = minIntervalMillis;
        this.claimedAt = claimedAt;
    }

    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
        long now = System.currentTimeMillis();
        byte[] stored = StoredBytes.of(entry);
        if (stored == StoredBytes.FOREIGN) {
            // setValue would deserialize the old value to return it: the caller overwrites it first
            return null;
        }
        EntryCodec.Envelope current = EntryCodec.envelope(stored);
        if (current != null) {
            if (fence < current.fence()) {
                return false;
            }
            if (fence != current.fence() && current.writtenAt() < claimedAt
                    && now - current.writtenAt() < minIntervalMillis) {
                return false;
            }
        }
        byte[] stamped = value.clone();
        ByteBuffer.wrap(stamped).putLong(WRITTEN_AT_OFFSET, now);
        ((ExtendedMapEntry<String, byte[]>) entry).setValue(stamped, ttlSeconds, TimeUnit.SECONDS);
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(value);
        out.writeLong(fence);
        out.writeLong(ttlSeconds);
        out.writeLong(minIntervalMillis);
        out.writeLong(claimedAt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readByteArray();
        fence = in.readLong();
        ttlSeconds = in.readLong();
        minIntervalMillis = in.readLong();
        claimedAt = in.readLong();
    }
}
