package dev.strata.internal.tier;

import dev.strata.internal.entry.CorruptEntryException;
import dev.strata.internal.entry.EntryCodec;
import java.nio.ByteBuffer;
import org.ehcache.spi.serialization.Serializer;
import org.ehcache.spi.serialization.SerializerException;

/** Ehcache serializer for tier 1's off-heap store, on {@link EntryCodec}: no Java serialisation. */
final class LocalCopySerializer implements Serializer<LocalCopy> {
    @Override
    public ByteBuffer serialize(LocalCopy copy) {
        byte[] encoded = EntryCodec.encode(copy.value());
        ByteBuffer out = ByteBuffer.allocate(Long.BYTES + encoded.length);
        out.putLong(copy.recheckAt()).put(encoded).flip();
        return out;
    }

    @Override
    public LocalCopy read(ByteBuffer binary) {
        long recheckAt = binary.getLong();
        try {
            return new LocalCopy(EntryCodec.decode(binary.slice(), null), recheckAt);
        } catch (CorruptEntryException e) {
            throw new SerializerException(e);
        }
    }

    @Override
    public boolean equals(LocalCopy object, ByteBuffer binary) {
        return serialize(object).equals(binary);
    }
}
