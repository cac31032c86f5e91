package dev.strata.internal.tier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.entry.StoredValue;
import dev.strata.internal.entry.VariantIndex;
import dev.strata.internal.http.Headers;
import dev.strata.testing.MutableClock;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Tier1Test {
    private static final long NOW = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final int HEAP_ENTRIES = 4;

    private final MutableClock clock = new MutableClock(NOW);
    private final Tier1 tier1 = new Tier1(1L << 20, HEAP_ENTRIES, clock);

    @AfterEach
    void close() {
        tier1.close();
    }

    private static CachedResponse response(String key, int bodyLength) {
        byte[] body = new byte[bodyLength];
        new Random(key.hashCode()).nextBytes(body);
        return new CachedResponse(key, 200, Headers.of("Content-Type", "application/octet-stream", "ETag", "\"" + key
                + "\"", "Vary", "Accept-Encoding"), body, NOW - 1_000, 1_000, NOW + HOUR, 3,
                new String[] {"accept-encoding"}, new String[] {key.length() % 2 == 0 ? null : "gzip"}, 0, 0);
    }

    private static void assertSameResponse(CachedResponse expected, StoredValue value) {
        CachedResponse actual = assertInstanceOf(CachedResponse.class, value);
        assertEquals(expected.key(), actual.key());
        assertEquals(expected.status(), actual.status());
        assertEquals(expected.headers(), actual.headers());
        assertArrayEquals(expected.body(), actual.body());
        assertEquals(expected.storedAt(), actual.storedAt());
        assertEquals(expected.initialAge(), actual.initialAge());
        assertEquals(expected.expiresAt(), actual.expiresAt());
        assertEquals(expected.version(), actual.version());
        assertArrayEquals(expected.varyNames(), actual.varyNames());
        assertArrayEquals(expected.varyValues(), actual.varyValues());
        assertEquals(expected.etag(), actual.etag());
    }

    @Test
    void putThenGet() {
        CachedResponse r = response("k1", 100);
        tier1.put("k1", r, NOW + HOUR);
        assertSameResponse(r, tier1.get("k1", NOW));
        assertNull(tier1.get("other", NOW));
    }

    @Test
    void putReplaces() {
        tier1.put("k", response("k", 10), NOW + HOUR);
        CachedResponse second = response("k", 20);
        tier1.put("k", second, NOW + HOUR);
        assertSameResponse(second, tier1.get("k", NOW));
    }

    @Test
    void recheckAtIsRespected() {
        CachedResponse r = response("k", 10);
        tier1.put("k", r, NOW + 60_000);
        assertNotNull(tier1.get("k", NOW));
        assertNotNull(tier1.get("k", NOW + 59_999));
        assertNull(tier1.get("k", NOW + 60_000));
        assertNull(tier1.get("k", NOW + HOUR));
        // a copy that is already due is never returned
        tier1.put("due", r, NOW);
        assertNull(tier1.get("due", NOW));
    }

    @Test
    void theTierIsBoundedInBytesNotEntries() {
        // 64 bodies of 64 KiB (4 MiB) into 1 MiB off-heap plus a heap tier of 4 entries
        int body = 64 * 1024;
        for (int i = 0; i < 64; i++) {
            tier1.put("big" + i, response("big" + i, body), NOW + HOUR);
        }
        int kept = 0;
        for (int i = 0; i < 64; i++) {
            if (tier1.get("big" + i, NOW) != null) {
                kept++;
            }
        }
        assertTrue(kept > 0, "the tier still holds what fits");
        assertTrue((long) kept * body <= (1L << 20) + (long) HEAP_ENTRIES * body,
                kept + " entries of 64 KiB kept: more than 1 MiB off-heap plus the heap tier's " + HEAP_ENTRIES);
        assertNotNull(tier1.get("big63", NOW), "the newest entry was kept, older ones evicted");
    }

    @Test
    void remove() {
        tier1.put("k", response("k", 10), NOW + HOUR);
        tier1.remove("k");
        assertNull(tier1.get("k", NOW));
        assertDoesNotThrow(() -> tier1.remove("never-there"));
    }

    @Test
    void variantIndexIsStoredToo() {
        VariantIndex index = new VariantIndex("idx", new String[] {"accept", "origin"}, NOW + HOUR, 9);
        tier1.put("idx", index, NOW + HOUR);
        VariantIndex back = assertInstanceOf(VariantIndex.class, tier1.get("idx", NOW));
        assertEquals("idx", back.key());
        assertArrayEquals(index.varyNames(), back.varyNames());
        assertEquals(index.expiresAt(), back.expiresAt());
        assertEquals(index.version(), back.version());
    }

    @Test
    void valuesSurviveTheOffHeapSerializer() {
        int count = HEAP_ENTRIES * 10;
        CachedResponse[] stored = new CachedResponse[count];
        for (int i = 0; i < count; i++) {
            stored[i] = response("key-" + i, i == 0 ? 0 : 4_000 + i);
            tier1.put("key-" + i, stored[i], NOW + HOUR + i);
        }
        int copies = 0;
        for (int i = 0; i < count; i++) {
            StoredValue back = tier1.get("key-" + i, NOW);
            assertNotNull(back, "key-" + i);
            assertSameResponse(stored[i], back);
            if (back != stored[i]) {
                copies++;
            }
        }
        // most entries cannot be on heap: they came back through the serializer
        assertTrue(copies >= count - HEAP_ENTRIES, copies + " of " + count + " were decoded copies");
        // and each copy's recheck deadline survived too
        for (int i = 0; i < count; i++) {
            assertNull(tier1.get("key-" + i, NOW + HOUR + i));
            assertNotNull(tier1.get("key-" + i, NOW + HOUR + i - 1));
        }
    }

    @Test
    void heapHitIsServedByReference() {
        CachedResponse r = response("hot", 10);
        tier1.put("hot", r, NOW + HOUR);
        tier1.get("hot", NOW);
        assertSame(tier1.get("hot", NOW), tier1.get("hot", NOW));
    }

    @Test
    void instancesAreIndependent() {
        try (Tier1 other = new Tier1(1L << 20, HEAP_ENTRIES, clock)) {
            tier1.put("k", response("k", 10), NOW + HOUR);
            assertNull(other.get("k", NOW));
        }
        assertNotNull(tier1.get("k", NOW));
    }

    @Test
    void closeReleasesTheCache() {
        Tier1 t = new Tier1(1L << 20, HEAP_ENTRIES, clock);
        t.put("k", response("k", 10), NOW + HOUR);
        t.close();
        assertThrows(IllegalStateException.class, () -> t.get("k", NOW));
        assertDoesNotThrow(t::close);
    }
}
