package dev.strata.testing;

import java.nio.charset.StandardCharsets;

/** Byte surgery on encoded values, to forge what an honest encoder refuses to write. */
public final class Bytes {
    private Bytes() {
    }

    /** A copy with the only occurrence of {@code from} replaced by {@code to} (same UTF-8 length). */
    public static byte[] replace(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        if (f.length != t.length) {
            throw new IllegalArgumentException("replacement must keep the length");
        }
        int at = -1;
        for (int i = 0; i + f.length <= data.length; i++) {
            if (java.util.Arrays.equals(data, i, i + f.length, f, 0, f.length)) {
                if (at >= 0) {
                    throw new IllegalArgumentException("'" + from + "' occurs more than once");
                }
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("'" + from + "' not found");
        }
        byte[] copy = data.clone();
        System.arraycopy(t, 0, copy, at, t.length);
        return copy;
    }
}
