package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tier 2's processors travel in Hazelcast's own form, not Java serialization, and arrive whole. */
class TierProcessorSerializationTest {
    private final SerializationService serialization = new DefaultSerializationServiceBuilder().build();

    @Test
    void readFromOwnerRoundTrips() {
        Map.Entry<String, byte[]> entry = new AbstractMap.SimpleEntry<>("k", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, roundTrip(new ReadFromOwner()).process(entry));
    }

    @Test
    void publishIfNewerRoundTripsWithItsValueAndFence() {
        byte[] value = new byte[64];
        PublishIfNewer publish = roundTrip(new PublishIfNewer(value, 9, 60, 1_000, 42));
        Data again = serialization.toData(publish);
        assertArrayEquals(serialization.toData(new PublishIfNewer(value, 9, 60, 1_000, 42)).toByteArray(),
                again.toByteArray());
    }

    private <T> T roundTrip(T value) {
        Data data = serialization.toData(value);
        assertEquals(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE, data.getType(), value.getClass().getName());
        return serialization.toObject(data);
    }
}
