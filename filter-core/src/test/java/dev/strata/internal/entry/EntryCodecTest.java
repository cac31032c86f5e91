package dev.strata.internal.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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

    // offsets in minimal(): magic 0-1, format 2, fence 3, written-at 11, kind 19, then varints: key
    // length + 1 at 20, key 21, version 22, expiresAt 23, status 24 (two bytes), storedAt 26,
    // initialAge 27, header count 28, vary names count 29, vary values count 30,
    // stale-while-revalidate 31, stale-if-error 32, tags count 33, purge sequence 34, body length 35,
    // body 36
    private static final int KEY_LENGTH = 20;
    private static final int STATUS = 24;
    private static final int HEADER_COUNT = 28;
    private static final int VARY_NAMES_COUNT = 29;
    private static final int VARY_VALUES_COUNT = 30;
    private static final int TAGS_COUNT = 33;
    private static final int PURGE_SEQ = 34;
    private static final int BODY_LENGTH = 35;

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

    /** {@code data} with the varint at {@code offset} replaced by {@code value}'s (its length may differ). */
    private static byte[] withVar(byte[] data, int offset, long value) {
        int end = offset;
        while (data[end] < 0) {
            end++;
        }
        end++;
        byte[] encoded = new byte[10];
        int n = 0;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            encoded[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        encoded[n++] = (byte) v;
        byte[] out = new byte[data.length - (end - offset) + n];
        System.arraycopy(data, 0, out, 0, offset);
        System.arraycopy(encoded, 0, out, offset, n);
        System.arraycopy(data, end, out, offset + n, data.length - end);
        return out;
    }

    /** {@code data} with {@code raw} bytes in place of the varint at {@code offset}. */
    private static byte[] withRaw(byte[] data, int offset, byte[] raw) {
        byte[] placeholder = withVar(data, offset, 0);
        byte[] out = new byte[placeholder.length - 1 + raw.length];
        System.arraycopy(placeholder, 0, out, 0, offset);
        System.arraycopy(raw, 0, out, offset, raw.length);
        System.arraycopy(placeholder, offset + 1, out, offset + raw.length, placeholder.length - offset - 1);
        return out;
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
        // envelope 19, kind 1, key 2, version 1, expiresAt 1, status 2, storedAt 1, initialAge 1,
        // header count 1, "A" 2, "b" 2, vary names 1 + 7, vary values 1 + 1 (null), stale windows 2,
        // tags 1, purge sequence 1, body length 1, body 1
        assertEquals(49, EntryCodec.encode(ascii).length);
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
        assertEquals(39, data.length);
        assertEquals(2, data[KEY_LENGTH]);
        assertEquals((byte) (0x80 | (200 & 0x7F)), data[STATUS]);
        assertEquals(200 >>> 7, data[STATUS + 1]);
        assertEquals(0, data[HEADER_COUNT]);
        assertEquals(0, data[VARY_NAMES_COUNT]);
        assertEquals(0, data[VARY_VALUES_COUNT]);
        assertEquals(0, data[TAGS_COUNT]);
        assertEquals(0, data[PURGE_SEQ]);
        assertEquals(3, data[BODY_LENGTH]);
        assertInstanceOf(CachedResponse.class, EntryCodec.decode(data, "k"));
    }

    @Test
    void varintsLongerThanTenBytesOrOverflowingAreCorrupt() {
        byte[] data = minimal();
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, (byte) 0x80);
        eleven[10] = 0;
        assertCorrupt(withRaw(data, STATUS, eleven), "k");
        byte[] overflow = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, 0x02};
        assertCorrupt(withRaw(data, PURGE_SEQ, overflow), "k");
        // a long but valid varint decodes to its value: 200 in ten bytes is still 200
        byte[] padded = {(byte) 0xC8, (byte) 0x81, (byte) 0x80, (byte) 0x80, 0};
        assertInstanceOf(CachedResponse.class, assertDoesNotThrow(() -> EntryCodec.decode(withRaw(data, STATUS, padded), "k")));
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
        assertCorrupt(withVar(data, PURGE_SEQ, -1), "k");
        byte[] tagged = EntryCodec.encode(new CachedResponse("k", 200, Headers.of(), new byte[] {1, 2, 3}, 10, 0, 20, 0,
                new String[0], new String[0], 0, 0, new String[] {"t"}, 0));
        // the one tag's length sits right after the tags count: 0 would be a null tag
        assertEquals(1, tagged[TAGS_COUNT]);
        assertCorrupt(withVar(tagged, TAGS_COUNT + 1, 0), "k");
    }

    @Test
    void negativeAndHugeLengthsAndCountsAreCorrupt() {
        byte[] data = minimal();
        long[] bad = {-1, -2, -1000, Long.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, 1 << 20,
            data.length};
        for (int offset : new int[] {KEY_LENGTH, HEADER_COUNT, VARY_NAMES_COUNT, VARY_VALUES_COUNT, BODY_LENGTH}) {
            for (long value : bad) {
                assertCorrupt(withVar(data, offset, value), "k");
                assertCorrupt(withVar(data, offset, value), null);
            }
        }
        // body length one off either way
        assertCorrupt(withVar(data, BODY_LENGTH, 2), "k");
        assertCorrupt(withVar(data, BODY_LENGTH, 4), "k");
    }

    @Test
    void negativeAndHugeLengthsInHeadersAndVaryAreCorrupt() {
        CachedResponse r = new CachedResponse("k", 200, Headers.of("A", "b"), new byte[0], 0, 0, 0, 0,
                new String[] {"accept"}, new String[] {"x"}, 0, 0);
        byte[] data = EntryCodec.encode(r);
        // header count at 28, name length + 1 at 29, value length + 1 at 31; vary names count at 33,
        // vary name length + 1 at 34, vary values count at 41, vary value length + 1 at 42
        assertEquals(1, data[28]);
        assertEquals(2, data[29]);
        assertEquals(2, data[31]);
        assertEquals(1, data[33]);
        assertEquals(7, data[34]);
        assertEquals(1, data[41]);
        assertEquals(2, data[42]);
        for (int offset : new int[] {29, 31, 33, 34, 41, 42}) {
            for (long value : new long[] {-2, Long.MIN_VALUE, Integer.MAX_VALUE, data.length}) {
                assertCorrupt(withVar(data, offset, value), "k");
            }
        }
        // a null header name or value
        assertCorrupt(withVar(data, 29, 0), "k");
        assertCorrupt(withVar(data, 31, 0), "k");
        // vary names and values that differ in number
        assertCorrupt(withVar(data, 41, 0), "k");
    }

    @Test
    void statusOutOfRangeIsCorrupt() {
        byte[] data = minimal();
        for (long status : new long[] {0, 99, 1000, -200, Integer.MAX_VALUE, 200L + (1L << 32)}) {
            assertCorrupt(withVar(data, STATUS, status), "k");
        }
    }

    @Test
    void indexWithHugeCountIsCorrupt() {
        byte[] data = EntryCodec.encode(new VariantIndex("k", new String[] {"a"}, 1, 1));
        // key length + 1 at 20, key 21, version 22, expiresAt 23, names count 24
        assertEquals(1, data[24]);
        for (long value : new long[] {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 2}) {
            assertCorrupt(withVar(data, 24, value), "k");
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
