package dev.strata.internal.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lease map's values and processors travel in Hazelcast's own form, not Java serialization
 * (which cost a tenth of the partition threads' time on a miss load), and arrive whole.
 */
class LeaseSerializationTest {
    private final SerializationService serialization = new DefaultSerializationServiceBuilder().build();

    @Test
    void leaseStateRoundTripsAsDataSerializable() {
        LeaseState state = new LeaseState(42L << 10, "node-a", 1_000, 2_000, 3_000);
        LeaseState back = roundTrip(state);
        assertEquals(state.toString(), back.toString());
        assertEquals(null, roundTrip(new LeaseState(7, null, 0, 0, 0)).owner());
    }

    @Test
    void claimAndReleaseRoundTripAndStillDecide() {
        ClaimLease claim = roundTrip(new ClaimLease("node-a", 60_000, 0));
        Map.Entry<String, LeaseState> entry = new AbstractMap.SimpleEntry<>("k", null);
        long fence = claim.process(entry);
        assertEquals("node-a", entry.getValue().owner());
        assertEquals(fence, entry.getValue().fence());
        assertEquals(ClaimLease.BUSY, (long) roundTrip(new ClaimLease("node-b", 60_000, 0)).process(entry));

        ReleaseLease release = roundTrip(new ReleaseLease("node-a", fence, 5_000, true));
        assertEquals(true, release.process(entry));
        assertEquals(null, entry.getValue().owner());
        assertEquals(ClaimLease.UNCACHEABLE, (long) claim.process(entry));
    }

    private <T> T roundTrip(T value) {
        Data data = serialization.toData(value);
        assertEquals(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE, data.getType(), value.getClass().getName());
        return serialization.toObject(data);
    }
}
