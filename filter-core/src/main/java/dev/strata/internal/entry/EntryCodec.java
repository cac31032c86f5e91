package dev.strata.internal.entry;

import dev.strata.internal.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of stored values, shared by tier 2 and tier 1's off-heap store.
 *
 * <p>It is a fixed sequence of numbers, length-prefixed UTF-8 strings and bytes: decoding never
 * instantiates a class named by the data (no Java serialisation). After a fixed envelope (magic,
 * format, the writer's fence and write time as 8-byte numbers, which tier 2's conditional writes
 * read in place), every number is an unsigned LEB128 varint (7 bits a byte, low bits first) and a
 * string is its UTF-8 length plus one (0 for none) followed by its bytes: the lengths, counts,
 * ages and sequences of a typical entry take one byte each instead of four or eight. Every decode checks the magic,
 * the format version, the kind, each length against what remains, the key echo against the key
 * that was asked for, that a response carries no {@code Set-Cookie}, and that nothing trails the
 * value; any mismatch is a {@link CorruptEntryException}. A response's purge tags and purge
 * sequence are checked like the rest (no null tag, no negative sequence).
 */
public final class EntryCodec {
    private static final byte MAGIC_1 = 'S';
    private static final byte MAGIC_2 = 'T';
    /**
     * Bumped when the layout changes; older or newer values read as corrupt (a miss). 3: tags and
     * purge sequence. 4: varints after the envelope.
     */
    static final byte FORMAT = 4;
    /** Bytes before the kind: magic (2), format (1), fence (8), written-at (8). */
    static final int ENVELOPE_BYTES = 19;
    private static final byte KIND_RESPONSE = 1;
    private static final byte KIND_INDEX = 2;
    private static final String[] NO_STRINGS = new String[0];

    private EntryCodec() {
    }

    /** Encodes a value with no writer fence (fence 0, written now unknown). */
    public static byte[] encode(StoredValue value) {
        return encode(value, 0, 0);
    }

    /**
     * Encodes a value with the envelope tier 2's conditional writes compare: the writer's fence and
     * when it wrote.
     *
     * @param value the value
     * @param fence the writer's fence token
     * @param writtenAt epoch millis of the write
     */
    public static byte[] encode(StoredValue value, long fence, long writtenAt) {
        SizedBuffer bytes = new SizedBuffer(asciiSize(value));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(MAGIC_1);
            out.writeByte(MAGIC_2);
            out.writeByte(FORMAT);
            out.writeLong(fence);
            out.writeLong(writtenAt);
            if (value instanceof CachedResponse r) {
                out.writeByte(KIND_RESPONSE);
                writeCommon(out, r);
                writeVarLong(out, r.status());
                writeVarLong(out, r.storedAt());
                writeVarLong(out, r.initialAge());
                Headers h = r.headers();
                writeVarLong(out, h.size());
                for (int i = 0; i < h.size(); i++) {
                    writeString(out, h.name(i));
                    writeString(out, h.value(i));
                }
                writeStrings(out, r.varyNames());
                writeStrings(out, r.varyValues());
                writeVarLong(out, r.staleWhileRevalidate());
                writeVarLong(out, r.staleIfError());
                writeStrings(out, r.tags());
                writeVarLong(out, r.purgeSeq());
                writeVarLong(out, r.body().length);
                out.write(r.body());
            } else {
                VariantIndex index = (VariantIndex) value;
                out.writeByte(KIND_INDEX);
                writeCommon(out, index);
                writeStrings(out, index.varyNames());
                writeStrings(out, index.variants());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.bytes();
    }

    /**
     * The encoded size when every string is ASCII (one byte a character), which is the size for
     * nearly every entry: the buffer is then filled exactly and handed out without a copy. Other
     * text just makes the buffer grow once.
     */
    private static int asciiSize(StoredValue value) {
        long size = ENVELOPE_BYTES + 1 + stringSize(value.key()) + varSize(value.version()) + varSize(value.expiresAt());
        if (value instanceof CachedResponse r) {
            size += varSize(r.status()) + varSize(r.storedAt()) + varSize(r.initialAge());
            Headers h = r.headers();
            size += varSize(h.size());
            for (int i = 0; i < h.size(); i++) {
                size += stringSize(h.name(i)) + stringSize(h.value(i));
            }
            size += stringsSize(r.varyNames()) + stringsSize(r.varyValues()) + varSize(r.staleWhileRevalidate())
                    + varSize(r.staleIfError()) + stringsSize(r.tags()) + varSize(r.purgeSeq())
                    + varSize(r.body().length) + r.body().length;
        } else {
            VariantIndex index = (VariantIndex) value;
            size += stringsSize(index.varyNames()) + stringsSize(index.variants());
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    private static long stringsSize(String[] values) {
        long size = varSize(values.length);
        for (String v : values) {
            size += stringSize(v);
        }
        return size;
    }

    private static long stringSize(String s) {
        return s == null ? 1 : varSize(s.length() + 1L) + s.length();
    }

    /** Bytes of {@code v} as an unsigned varint. */
    static int varSize(long v) {
        int bytes = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            bytes++;
        }
        return bytes;
    }

    /** A byte buffer that hands out its array itself when it is exactly full. */
    private static final class SizedBuffer extends ByteArrayOutputStream {
        SizedBuffer(int size) {
            super(size);
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    /**
     * Decodes a value and checks it is the one stored under {@code expectedKey}.
     *
     * @throws CorruptEntryException when any check fails
     */
    public static StoredValue decode(byte[] data, String expectedKey) throws CorruptEntryException {
        return decode(ByteBuffer.wrap(data), expectedKey);
    }

    /** Decodes from the buffer's position to its limit; see {@link #decode(byte[], String)}. */
    public static StoredValue decode(ByteBuffer in, String expectedKey) throws CorruptEntryException {
        try {
            if (in.get() != MAGIC_1 || in.get() != MAGIC_2) {
                throw new CorruptEntryException("not a Strata entry");
            }
            byte format = in.get();
            if (format != FORMAT) {
                throw new CorruptEntryException("entry format " + format + ", expected " + FORMAT);
            }
            in.getLong(); // fence: read by tier 2's conditional writes only
            in.getLong(); // written-at
            byte kind = in.get();
            String key = readString(in);
            if (key == null) {
                throw new CorruptEntryException("entry without key");
            }
            if (expectedKey != null && !expectedKey.equals(key)) {
                throw new CorruptEntryException("entry belongs to another key");
            }
            long version = readVarLong(in);
            long expiresAt = readVarLong(in);
            StoredValue value;
            if (kind == KIND_RESPONSE) {
                long status = readVarLong(in);
                if (status < 100 || status > 999) {
                    throw new CorruptEntryException("bad status " + status);
                }
                long storedAt = readVarLong(in);
                long initialAge = readVarLong(in);
                int headerCount = count(in, 2);
                Headers.Builder headers = new Headers.Builder();
                for (int i = 0; i < headerCount; i++) {
                    String name = readString(in);
                    String hv = readString(in);
                    if (name == null || hv == null) {
                        throw new CorruptEntryException("null header");
                    }
                    SharedStrings.Name shared = SharedStrings.name(name);
                    headers.add(shared.text(), SharedStrings.value(shared, hv));
                }
                String[] varyNames = readNames(in, "vary name");
                String[] varyValues = readStrings(in);
                if (varyNames.length != varyValues.length) {
                    throw new CorruptEntryException("vary names and values differ in number");
                }
                long staleWhileRevalidate = readVarLong(in);
                long staleIfError = readVarLong(in);
                if (staleWhileRevalidate < 0 || staleIfError < 0) {
                    throw new CorruptEntryException("negative stale window");
                }
                String[] tags = readNames(in, "tag");
                long purgeSeq = readVarLong(in);
                if (purgeSeq < 0) {
                    throw new CorruptEntryException("negative purge sequence");
                }
                long bodyLength = readVarLong(in);
                if (bodyLength != in.remaining()) {
                    throw new CorruptEntryException("body length " + bodyLength + " but " + in.remaining() + " left");
                }
                byte[] body = new byte[(int) bodyLength];
                in.get(body);
                try {
                    value = new CachedResponse(key, (int) status, headers.build(), body, storedAt, initialAge, expiresAt,
                            version, varyNames, varyValues, staleWhileRevalidate, staleIfError, tags, purgeSeq);
                } catch (IllegalArgumentException e) {
                    throw new CorruptEntryException(e.getMessage());
                }
            } else if (kind == KIND_INDEX) {
                value = new VariantIndex(key, readNames(in, "vary name"), expiresAt, version, readNames(in, "variant"));
            } else {
                throw new CorruptEntryException("unknown kind " + kind);
            }
            if (in.hasRemaining()) {
                throw new CorruptEntryException(in.remaining() + " trailing bytes");
            }
            return value;
        } catch (BufferUnderflowException e) {
            throw new CorruptEntryException("truncated entry");
        }
    }

    /**
     * The writer's fence and write time of an encoded value, without decoding it; {@code null} when
     * the bytes are not a Strata entry of this format.
     */
    public static Envelope envelope(byte[] data) {
        if (data == null || data.length < ENVELOPE_BYTES || data[0] != MAGIC_1 || data[1] != MAGIC_2 || data[2] != FORMAT) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(data, 3, 16);
        return new Envelope(in.getLong(), in.getLong());
    }

    /**
     * What tier 2 compares before a conditional write.
     *
     * @param fence the writer's fence token
     * @param writtenAt epoch millis of the write
     */
    public record Envelope(long fence, long writtenAt) {
    }

    private static void writeCommon(DataOutputStream out, StoredValue v) throws IOException {
        writeString(out, v.key());
        writeVarLong(out, v.version());
        writeVarLong(out, v.expiresAt());
    }

    private static void writeStrings(DataOutputStream out, String[] values) throws IOException {
        writeVarLong(out, values.length);
        for (String v : values) {
            writeString(out, v);
        }
    }

    /** UTF-8 length plus one, then the bytes; a lone 0 for {@code null}. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, b.length + 1L);
        out.write(b);
    }

    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** An unsigned varint of at most 10 bytes; longer, or overflowing 64 bits, is corrupt. */
    private static long readVarLong(ByteBuffer in) throws CorruptEntryException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new CorruptEntryException("varint overflows 64 bits");
            }
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new CorruptEntryException("varint longer than 10 bytes");
    }

    private static String[] readNames(ByteBuffer in, String what) throws CorruptEntryException {
        String[] names = readStrings(in);
        for (String n : names) {
            if (n == null) {
                throw new CorruptEntryException("null " + what);
            }
        }
        return names;
    }

    private static String[] readStrings(ByteBuffer in) throws CorruptEntryException {
        int n = count(in, 1);
        if (n == 0) {
            // most entries do not vary: one empty array for all of them (arrays are never modified)
            return NO_STRINGS;
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = readString(in);
        }
        return out;
    }

    /** A count of items that each take at least {@code minBytes}, checked against what remains. */
    private static int count(ByteBuffer in, int minBytes) throws CorruptEntryException {
        long n = readVarLong(in);
        if (n < 0 || n > Integer.MAX_VALUE || n * minBytes > in.remaining()) {
            throw new CorruptEntryException("bad count " + n);
        }
        return (int) n;
    }

    private static String readString(ByteBuffer in) throws CorruptEntryException {
        long lengthPlusOne = readVarLong(in);
        if (lengthPlusOne == 0) {
            return null;
        }
        long length = lengthPlusOne - 1;
        if (length < 0 || length > in.remaining()) {
            throw new CorruptEntryException("bad string length " + length);
        }
        int n = (int) length;
        if (!in.hasArray()) {
            byte[] b = new byte[n];
            in.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
