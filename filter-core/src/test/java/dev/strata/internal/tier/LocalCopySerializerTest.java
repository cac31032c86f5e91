package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.entry.VariantIndex;
import java.nio.ByteBuffer;
import org.ehcache.spi.serialization.SerializerException;
import org.junit.jupiter.api.Test;

class LocalCopySerializerTest {
    private final LocalCopySerializer serializer = new LocalCopySerializer();
    private final LocalCopy copy = new LocalCopy(new VariantIndex("k", new String[] {"accept"}, 5, 6), 1234);

    @Test
    void roundTripThroughADirectBuffer() {
        ByteBuffer heap = serializer.serialize(copy);
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap.duplicate()).flip();
        LocalCopy back = serializer.read(direct);
        assertEquals(1234, back.recheckAt());
        VariantIndex index = assertInstanceOf(VariantIndex.class, back.value());
        assertEquals("k", index.key());
        assertArrayEquals(new String[] {"accept"}, index.varyNames());
    }

    @Test
    void equalsComparesTheBinaryForm() {
        assertTrue(serializer.equals(copy, serializer.serialize(copy)));
        assertFalse(serializer.equals(new LocalCopy(copy.value(), 1235), serializer.serialize(copy)));
    }

    @Test
    void corruptBinaryIsASerializerException() {
        ByteBuffer bytes = serializer.serialize(copy);
        bytes.put(8, (byte) 'X');
        assertThrows(SerializerException.class, () -> serializer.read(bytes));
    }
}
