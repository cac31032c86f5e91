package dev.strata.internal.capture;

import java.io.ByteArrayOutputStream;

/** A byte buffer that stops growing past a cap and remembers that it overflowed. */
final class BoundedBuffer extends ByteArrayOutputStream {
    private final long cap;
    private boolean overflowed;

    BoundedBuffer(long cap) {
        super(256);
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (fits(1)) {
            super.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (fits(len)) {
            super.write(b, off, len);
        }
    }

    private boolean fits(int len) {
        if (overflowed) {
            return false;
        }
        if ((long) count + len > cap) {
            overflowed = true;
            buf = new byte[0];
            count = 0;
            return false;
        }
        return true;
    }

    boolean overflowed() {
        return overflowed;
    }

    /** The bytes written, or {@code null} when it overflowed. */
    synchronized byte[] bytes() {
        return overflowed ? null : toByteArray();
    }

    @Override
    public synchronized void reset() {
        super.reset();
        overflowed = false;
    }
}
