package dev.strata.internal.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strata.internal.http.Headers;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryCodecTest {
    private static final String KEY = "strata1|4:http|9:localhost|2:80|6:/päth|-";

    private static CachedResponse response(String key, byte[] body) {
        return new CachedResponse(key, 200,
                Headers.of("Content-Type", "text/plain; charset=UTF-8", "ETag", "\"v1\"", "Vary", "Accept-Encoding",
                        "Vary", "Accept-Language", "X-Ünïcode", "✓ value", "Empty", ""),
                body, 1_700_000_000_123L, 2_500L, 1_700_000_060_123L, 42L,
                new String[] {"accept-encoding", "accept-language"}, new String[] {"gzip,br", null}, 30_000L, 86_400_000L);
    }

    private static byte[] body(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    /** A response with one-byte key, no headers, no vary and a 3-byte body: a layout with known offsets. */
    private static byte[] minimal() {
        return EntryCodec.encode(new CachedResponse("k", 200, Headers.of(), new byte[] {1, 2, 3}, 10, 0, 20, 0,
                new String[0], new String[0], 0, 0));
    }

    // offsets in minimal(): magic 0-1, format 2, fence 3, written-at 11, kind 19, key length 20, key 24,
    // version 25, expiresAt 33, status 41, storedAt 45, initialAge 53, header count 61,
    // vary names count 65, vary values count 69, stale-while-revalidate 73, stale-if-error 81,
    // tags count 89, purge sequence 93, body length 101, body 105
    private static final int KEY_LENGTH = 20;
    private static final int STATUS = 41;
    private static final int HEADER_COUNT = 61;
    private static final int VARY_NAMES_COUNT = 65;
    private static final int VARY_VALUES_COUNT = 69;
    private static final int TAGS_COUNT = 89;
    private static final int PURGE_SEQ = 93;
    private static final int BODY_LENGTH = 101;

    static void assertSameResponse(CachedResponse expected, StoredValue decoded) {
        CachedResponse actual = assertInstanceOf(CachedResponse.class, decoded);
        assertEquals(expected.key(), actual.key());
        assertEquals(expected.status(), actual.status());
        assertEquals(expected.headers(), actual.headers());
        assertArrayEquals(expected.body(), actual.body());
        assertEquals(expected.storedAt(), actual.storedAt());
        assertEquals(expected.initialAge(), actual.initialAge());
        assertEquals(expected.expiresAt(), actual.expiresAt());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.staleWhileRevalidate(), actual.staleWhileRevalidate());
        assertEquals(expected.staleIfError(), actual.staleIfError());
        assertArrayEquals(expected.varyNames(), actual.varyNames());
        assertArrayEquals(expected.varyValues(), actual.varyValues());
        assertEquals(expected.etag(), actual.etag());
        assertEquals(expected.lastModified(), actual.lastModified());
        assertEquals(expected.contentType(), actual.contentType());
    }

    static void assertSameIndex(VariantIndex expected, StoredValue decoded) {
        VariantIndex actual = assertInstanceOf(VariantIndex.class, decoded);
        assertEquals(expected.key(), actual.key());
        assertArrayEquals(expected.varyNames(), actual.varyNames());
        assertEquals(expected.expiresAt(), actual.expiresAt());
        assertEquals(expected.version(), actual.version());
        assertArrayEquals(expected.variants(), actual.variants());
    }

    private static void assertCorrupt(byte[] data, String key) {
        assertThrows(CorruptEntryException.class, () -> EntryCodec.decode(data, key));
    }

    private static byte[] withInt(byte[] data, int offset, int value) {
        byte[] copy = data.clone();
        ByteBuffer.wrap(copy).putInt(offset, value);
        return copy;
    }

    @Test
    void decodedEntriesShareFieldNamesRepeatingValuesAndEmptyVary() throws Exception {
        CachedResponse r = new CachedResponse("k", 200, Headers.of("Content-Type", "application/json", "ETag", "\"a\""),
                new byte[0], 10, 0, 20, 0, new String[0], new String[0], 0, 0);
        CachedResponse a = (CachedResponse) EntryCodec.decode(EntryCodec.encode(r), "k");
        CachedResponse b = (CachedResponse) EntryCodec.decode(EntryCodec.encode(r), "k");
        assertEquals(r.headers(), a.headers());
        assertSame(a.headers().name(0), b.headers().name(0));
        assertSame(a.headers().value(0), b.headers().value(0));
        assertSame(a.headers().name(1), b.headers().name(1));
        assertNotSame(a.headers().value(1), b.headers().value(1), "ETag values are each entry's own");
        assertSame(a.varyNames(), b.varyValues());
    }

    @Test
    void encodingIsExactlySizedForAsciiAndGrowsForOtherText() throws Exception {
        CachedResponse ascii = new CachedResponse("k", 200, Headers.of("A", "b"), new byte[] {1}, 10, 0, 20, 0,
                new String[] {"accept"}, new String[] {null}, 0, 0);
        // 93 bytes before the body in minimal(), plus 4+1+4+1 for the field, 4+6 and 4 for vary, 1 body byte,
        // 4 for the (empty) tag list and 8 for the purge sequence
        assertEquals(96 + 10 + 10 + 4 - 2 + 4 + 8, EntryCodec.encode(ascii).length);
        CachedResponse r = response(KEY, body(100));
        assertSameResponse(r, EntryCodec.decode(EntryCodec.encode(r), KEY));
    }

    @Test
    void responseRoundTripWithEmptyBody() throws Exception {
        CachedResponse r = response(KEY, new byte[0]);
        assertSameResponse(r, EntryCodec.decode(EntryCodec.encode(r), KEY));
    }

    @Test
    void responseRoundTripWith64KiBBody() throws Exception {
        CachedResponse r = response(KEY, body(64 * 1024));
        assertSameResponse(r, EntryCodec.decode(EntryCodec.encode(r), KEY));
    }

    @Test
    void responseRoundTripWithoutHeadersOrVary() throws Exception {
        CachedResponse r = new CachedResponse(KEY, 204, Headers.of(), new byte[0], 0, 0, Long.MAX_VALUE, -1,
                new String[0], new String[0], 5_000, 60_000);
        CachedResponse back = assertInstanceOf(CachedResponse.class, EntryCodec.decode(EntryCodec.encode(r), KEY));
        assertSameResponse(r, back);
        assertNull(back.etag());
        assertNull(back.contentType());
    }

    @Test
    void variantIndexRoundTrip() throws Exception {
        VariantIndex index = new VariantIndex(KEY, new String[] {"accept", "accept-encoding"}, 123_456L, 7L);
        assertSameIndex(index, EntryCodec.decode(EntryCodec.encode(index), KEY));
        VariantIndex empty = new VariantIndex(KEY, new String[0], 0, 0);
        assertSameIndex(empty, EntryCodec.decode(EntryCodec.encode(empty), KEY));
        VariantIndex listing = new VariantIndex(KEY, new String[] {"foo"}, 9, 1, new String[] {"k1", "sha256:ab"});
        assertSameIndex(listing, EntryCodec.decode(EntryCodec.encode(listing), KEY));
        assertTrue(listing.lists("k1"));
        assertFalse(listing.lists("k2"));
    }

    @Test
    void nullExpectedKeySkipsTheEchoCheck() throws Exception {
        CachedResponse r = response(KEY, body(10));
        assertSameResponse(r, EntryCodec.decode(EntryCodec.encode(r), null));
    }

    @Test
    void decodeFromDirectBuffer() throws Exception {
        CachedResponse r = response(KEY, body(64 * 1024));
        byte[] data = EntryCodec.encode(r);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        direct.put(data).flip();
        assertSameResponse(r, EntryCodec.decode(direct, KEY));

        VariantIndex index = new VariantIndex(KEY, new String[] {"accept"}, 1, 2);
        byte[] indexData = EntryCodec.encode(index);
        ByteBuffer directIndex = ByteBuffer.allocateDirect(indexData.length);
        directIndex.put(indexData).flip();
        assertSameIndex(index, EntryCodec.decode(directIndex, KEY));
    }

    @Test
    void decodeFromBufferSlicesWithOffsets() throws Exception {
        CachedResponse r = response(KEY, body(100));
        byte[] data = EntryCodec.encode(r);
        byte[] padded = new byte[data.length + 11];
        System.arraycopy(data, 0, padded, 8, data.length);
        // heap slice with a non-zero array offset, as tier 1's serializer passes it
        ByteBuffer heap = ByteBuffer.wrap(padded).position(8).limit(8 + data.length).slice();
        assertSameResponse(r, EntryCodec.decode(heap, KEY));
        // position not at zero
        assertSameResponse(r, EntryCodec.decode(ByteBuffer.wrap(padded, 8, data.length), KEY));
        // direct slice
        ByteBuffer direct = ByteBuffer.allocateDirect(padded.length).put(padded);
        assertSameResponse(r, EntryCodec.decode(direct.position(8).limit(8 + data.length).slice(), KEY));
        // read-only heap buffer has no accessible array
        assertSameResponse(r, EntryCodec.decode(ByteBuffer.wrap(data).asReadOnlyBuffer(), KEY));
    }

    @Test
    void wrongMagicIsCorrupt() {
        byte[] data = EntryCodec.encode(response(KEY, body(5)));
        for (int i = 0; i < 2; i++) {
            byte[] bad = data.clone();
            bad[i] = 'X';
            assertCorrupt(bad, KEY);
        }
        assertCorrupt(new byte[] {'{', '"', 'a', '"', ':', '1', '}'}, KEY);
    }

    /** magic (2), format (1), fence (8), written-at (8), then the kind byte. */
    private static final int KIND_OFFSET = 19;

    @Test
    void envelopeCarriesFenceAndWriteTime() {
        byte[] data = EntryCodec.encode(response(KEY, body(5)), 42, 1234);
        assertEquals(new EntryCodec.Envelope(42, 1234), EntryCodec.envelope(data));
        assertEquals(null, EntryCodec.envelope(new byte[] {'S', 'T'}));
    }

    @Test
    void otherFormatVersionIsCorrupt() {
        byte[] data = EntryCodec.encode(response(KEY, body(5)));
        for (byte version : new byte[] {0, EntryCodec.FORMAT + 1, -1, Byte.MAX_VALUE}) {
            byte[] bad = data.clone();
            bad[2] = version;
            CorruptEntryException e = assertThrows(CorruptEntryException.class, () -> EntryCodec.decode(bad, KEY));
            assertEquals("entry format " + version + ", expected " + EntryCodec.FORMAT, e.getMessage());
        }
    }

    @Test
    void unknownKindIsCorrupt() {
        for (byte[] data : new byte[][] {
            EntryCodec.encode(response(KEY, body(5))),
            EntryCodec.encode(new VariantIndex(KEY, new String[] {"a"}, 1, 1))}) {
            for (byte kind : new byte[] {0, 3, -1, Byte.MAX_VALUE}) {
                byte[] bad = data.clone();
                bad[KIND_OFFSET] = kind;
                assertCorrupt(bad, KEY);
            }
        }
    }

    @Test
    void responseKindReadAsIndexAndBackIsCorrupt() {
        byte[] response = EntryCodec.encode(response(KEY, body(5)));
        response[KIND_OFFSET] = 2;
        assertCorrupt(response, KEY);
        byte[] index = EntryCodec.encode(new VariantIndex(KEY, new String[] {"a"}, 1, 1));
        index[KIND_OFFSET] = 1;
        assertCorrupt(index, KEY);
    }

    @Test
    void keyEchoMismatchIsCorrupt() {
        byte[] data = EntryCodec.encode(response(KEY, body(5)));
        assertCorrupt(data, KEY + "x");
        assertCorrupt(data, "");
        assertCorrupt(EntryCodec.encode(new VariantIndex(KEY, new String[0], 1, 1)), "other");
        assertCorrupt(EntryCodec.encode(response(null, body(1))), KEY);
    }

    @Test
    void everyTruncationIsCorrupt() {
        for (byte[] data : new byte[][] {
            minimal(),
            EntryCodec.encode(response(KEY, new byte[0])),
            EntryCodec.encode(response(KEY, body(17))),
            EntryCodec.encode(new VariantIndex(KEY, new String[] {"accept", "origin"}, 1, 1)),
            EntryCodec.encode(new VariantIndex(KEY, new String[0], 1, 1))}) {
            for (int length = 0; length < data.length; length++) {
                byte[] truncated = Arrays.copyOf(data, length);
                assertCorrupt(truncated, KEY);
                assertCorrupt(truncated, null);
                ByteBuffer direct = ByteBuffer.allocateDirect(length).put(truncated).flip();
                assertThrows(CorruptEntryException.class, () -> EntryCodec.decode(direct, KEY), "direct " + length);
            }
        }
    }

    @Test
    void everyTruncationOfA64KiBEntryIsCorrupt() {
        byte[] data = EntryCodec.encode(response(KEY, body(64 * 1024)));
        for (int length = 0; length < data.length; length++) {
            ByteBuffer prefix = ByteBuffer.wrap(data, 0, length);
            int l = length;
            assertThrows(CorruptEntryException.class, () -> EntryCodec.decode(prefix, KEY), () -> "length " + l);
        }
    }

    @Test
    void trailingBytesAreCorrupt() {
        for (byte[] data : new byte[][] {
            minimal(),
            EntryCodec.encode(response(KEY, new byte[0])),
            EntryCodec.encode(new VariantIndex(KEY, new String[] {"accept"}, 1, 1))}) {
            assertCorrupt(Arrays.copyOf(data, data.length + 1), KEY);
            assertCorrupt(Arrays.copyOf(data, data.length + 100), KEY);
        }
    }

    @Test
    void minimalLayoutIsAsDocumentedHere() throws Exception {
        byte[] data = minimal();
        assertEquals(108, data.length);
        ByteBuffer b = ByteBuffer.wrap(data);
        assertEquals(1, b.getInt(KEY_LENGTH));
        assertEquals(200, b.getInt(STATUS));
        assertEquals(0, b.getInt(HEADER_COUNT));
        assertEquals(0, b.getInt(VARY_NAMES_COUNT));
        assertEquals(0, b.getInt(VARY_VALUES_COUNT));
        assertEquals(0, b.getInt(TAGS_COUNT));
        assertEquals(0, b.getLong(PURGE_SEQ));
        assertEquals(3, b.getInt(BODY_LENGTH));
        assertInstanceOf(CachedResponse.class, EntryCodec.decode(data, "k"));
    }

    @Test
    void tagsAndPurgeSequenceSurviveTheRoundTrip() throws Exception {
        CachedResponse r = new CachedResponse(KEY, 200, Headers.of("Content-Type", "text/plain"), body(5), 10, 0, 20,
                3, new String[0], new String[0], 0, 0, new String[] {"product-1", "catalog"}, 42);
        CachedResponse back = (CachedResponse) EntryCodec.decode(EntryCodec.encode(r), KEY);
        assertArrayEquals(new String[] {"product-1", "catalog"}, back.tags());
        assertEquals(42, back.purgeSeq());
    }

    @Test
    void aNegativePurgeSequenceOrANullTagIsCorrupt() {
        byte[] data = minimal();
        ByteBuffer b = ByteBuffer.wrap(data.clone());
        b.putLong(PURGE_SEQ, -1);
        assertCorrupt(b.array(), "k");
        byte[] tagged = EntryCodec.encode(new CachedResponse("k", 200, Headers.of(), new byte[] {1, 2, 3}, 10, 0, 20, 0,
                new String[0], new String[0], 0, 0, new String[] {"t"}, 0));
        // the one tag's length sits right after the tags count: -1 would be a null tag
        assertEquals(1, ByteBuffer.wrap(tagged).getInt(TAGS_COUNT));
        assertCorrupt(withInt(tagged, TAGS_COUNT + 4, -1), "k");
    }

    @Test
    void negativeAndHugeLengthsAndCountsAreCorrupt() {
        byte[] data = minimal();
        int[] bad = {-2, -1000, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20, data.length};
        for (int offset : new int[] {KEY_LENGTH, HEADER_COUNT, VARY_NAMES_COUNT, VARY_VALUES_COUNT, BODY_LENGTH}) {
            for (int value : bad) {
                assertCorrupt(withInt(data, offset, value), "k");
                assertCorrupt(withInt(data, offset, value), null);
            }
        }
        // body length one off either way
        assertCorrupt(withInt(data, BODY_LENGTH, 2), "k");
        assertCorrupt(withInt(data, BODY_LENGTH, 4), "k");
        // a -1 body length is not a null marker
        assertCorrupt(withInt(data, BODY_LENGTH, -1), "k");
    }

    @Test
    void negativeAndHugeLengthsInHeadersAndVaryAreCorrupt() {
        CachedResponse r = new CachedResponse("k", 200, Headers.of("A", "b"), new byte[0], 0, 0, 0, 0,
                new String[] {"accept"}, new String[] {"x"}, 0, 0);
        byte[] data = EntryCodec.encode(r);
        // header name length at 65 (after count 61), value length at 70; vary names count at 75,
        // vary name length at 79, vary values count at 89, vary value length at 93
        ByteBuffer b = ByteBuffer.wrap(data);
        assertEquals(1, b.getInt(65));
        assertEquals(1, b.getInt(70));
        assertEquals(1, b.getInt(75));
        assertEquals(6, b.getInt(79));
        assertEquals(1, b.getInt(89));
        assertEquals(1, b.getInt(93));
        for (int offset : new int[] {65, 70, 75, 79, 89, 93}) {
            for (int value : new int[] {-2, Integer.MIN_VALUE, Integer.MAX_VALUE, data.length}) {
                assertCorrupt(withInt(data, offset, value), "k");
            }
        }
        // a null header name or value
        assertCorrupt(withInt(data, 65, -1), "k");
        assertCorrupt(withInt(data, 70, -1), "k");
        // vary names and values that differ in number
        assertCorrupt(withInt(data, 89, 0), "k");
    }

    @Test
    void statusOutOfRangeIsCorrupt() {
        byte[] data = minimal();
        for (int status : new int[] {0, 99, 1000, -200, Integer.MAX_VALUE}) {
            assertCorrupt(withInt(data, STATUS, status), "k");
        }
    }

    @Test
    void indexWithHugeCountIsCorrupt() {
        byte[] data = EntryCodec.encode(new VariantIndex("k", new String[] {"a"}, 1, 1));
        // key length 20, key 24, version 25, expiresAt 33, names count 41
        assertEquals(1, ByteBuffer.wrap(data).getInt(41));
        for (int value : new int[] {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 2}) {
            assertCorrupt(withInt(data, 41, value), "k");
        }
    }

    @Test
    void emptyInputIsCorrupt() {
        assertCorrupt(new byte[0], KEY);
        assertThrows(CorruptEntryException.class, () -> EntryCodec.decode(ByteBuffer.allocateDirect(0), KEY));
    }

    /** Whatever single byte is damaged, decoding either succeeds or says corrupt: no other exception. */
    @Test
    void anySingleByteDamageIsCorruptOrHarmless() {
        for (byte[] data : new byte[][] {
            EntryCodec.encode(response(KEY, body(9))),
            EntryCodec.encode(new VariantIndex(KEY, new String[] {"accept", "origin"}, 1, 1))}) {
            for (int i = 0; i < data.length; i++) {
                for (int v : new int[] {0x00, 0xFF, 0x80, 0x7F, 0x01, data[i] ^ 0x40}) {
                    byte[] bad = data.clone();
                    bad[i] = (byte) v;
                    try {
                        EntryCodec.decode(bad, KEY);
                    } catch (CorruptEntryException expected) {
                        // fine
                    } catch (RuntimeException e) {
                        fail("byte " + i + " = " + v + ": " + e, e);
                    }
                }
            }
        }
    }

    @Test
    void aResponseNeverCarriesSetCookie() {
        for (String name : new String[] {"Set-Cookie", "set-cookie", "Set-Cookie2"}) {
            assertThrows(IllegalArgumentException.class, () -> new CachedResponse("k", 200, Headers.of(name, "s=1"),
                    new byte[0], 10, 0, 20, 0, new String[0], new String[0], 0, 0));
        }
    }

    @Test
    void aForgedEntryCarryingSetCookieIsCorrupt() {
        // An honest encoder cannot write one: forge it from a look-alike field name of the same length.
        byte[] honest = EntryCodec.encode(new CachedResponse("k", 200, Headers.of("Set-CookiX", "s=victim"),
                new byte[] {1}, 10, 0, 20, 0, new String[0], new String[0], 0, 0));
        assertCorrupt(dev.strata.testing.Bytes.replace(honest, "Set-CookiX", "Set-Cookie"), "k");
    }
}
