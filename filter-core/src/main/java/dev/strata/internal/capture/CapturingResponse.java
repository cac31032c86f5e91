package dev.strata.internal.capture;

import dev.strata.internal.http.Headers;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * Streams a response to the client while copying its body, up to a cap, for storing. Past the cap
 * it stops copying and the response streams on untouched.
 *
 * <p>Just before the first byte, flush or error commits the response, the {@link CommitListener}
 * sees the status and header fields exactly as the client will get them (later changes are not
 * sent by the container, so they are not stored either) and decides whether copying continues.
 * Writes through {@link #getWriter()} go through the container's own writer, so its charset
 * handling is unchanged, and are encoded once more for the copy.
 */
public final class CapturingResponse extends HttpServletResponseWrapper implements Capture {
    private final CommitListener listener;
    private final BoundedBuffer copy;
    private boolean commitSeen;
    private boolean copying = true;
    private boolean diverted;
    private boolean failed;
    private long declaredLength = -1;
    private ServletOutputStream stream;
    private PrintWriter writer;
    private Writer copyWriter;
    private PrintWriter containerWriter;

    /**
     * @param response the response to wrap
     * @param maxBytes largest body copied
     * @param listener told once before commit
     */
    public CapturingResponse(HttpServletResponse response, long maxBytes, CommitListener listener) {
        super(response);
        this.copy = new BoundedBuffer(maxBytes);
        this.listener = listener;
    }

    /** Whether the commit hook ran, i.e. the response went out through this wrapper. */
    public boolean commitSeen() {
        return commitSeen;
    }

    /**
     * The copied body when the whole response was copied and nothing failed, else {@code null}.
     * Call after the response is complete.
     */
    @Override
    public byte[] capturedBody() {
        if (!commitSeen || !copying || failed || diverted) {
            return null;
        }
        if (copyWriter != null) {
            // PrintWriter hides I/O errors; checkError (which flushes) tells whether the client got it all.
            if (containerWriter.checkError()) {
                return null;
            }
            try {
                copyWriter.flush();
            } catch (IOException e) {
                return null;
            }
        }
        byte[] body = copy.bytes();
        if (body == null) {
            copying = false;
            return null;
        }
        if (declaredLength >= 0 && declaredLength != body.length) {
            // A short body means the application or the upstream stopped early: never store that.
            failed = true;
            return null;
        }
        return body;
    }

    /** Runs the commit hook now if nothing has committed the response yet (for bodiless responses). */
    public void commitIfUnseen() {
        if (!commitSeen && !isCommitted()) {
            beforeCommit(getStatus());
        }
    }

    private void beforeCommit(int status) {
        if (commitSeen) {
            return;
        }
        commitSeen = true;
        CommitListener.Decision decision;
        try {
            decision = listener.beforeCommit(status, snapshotHeaders(), declaredLength);
        } catch (RuntimeException e) {
            decision = CommitListener.Decision.PASS;
        }
        if (decision != CommitListener.Decision.STORE) {
            stopCopying();
        }
        diverted = decision == CommitListener.Decision.DIVERT;
    }

    /** Whether the response was held back from the client (nothing was sent). */
    @Override
    public boolean diverted() {
        return diverted;
    }

    /** Whether the body was not copied because the listener refused it or it outgrew the cap. */
    @Override
    public boolean refused() {
        return commitSeen && !copying && !failed && !diverted;
    }

    /** Whether writing to the client failed (it went away): the copy is incomplete. */
    @Override
    public boolean failed() {
        return failed;
    }

    private void stopCopying() {
        copying = false;
        copy.reset();
    }

    private Headers snapshotHeaders() {
        HttpServletResponse r = (HttpServletResponse) getResponse();
        Headers.Builder b = new Headers.Builder();
        for (String name : r.getHeaderNames()) {
            if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
                continue;
            }
            for (String value : r.getHeaders(name)) {
                b.add(name, value);
            }
        }
        String contentType = r.getContentType();
        if (contentType != null) {
            b.add("Content-Type", contentType);
        }
        if (declaredLength < 0) {
            String length = r.getHeader("Content-Length");
            if (length != null) {
                try {
                    declaredLength = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    stopCopying();
                }
            }
        }
        return b.build();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new TeeStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter real = super.getWriter();
            containerWriter = real;
            Charset charset = Charset.forName(getCharacterEncoding());
            copyWriter = new OutputStreamWriter(copy, charset);
            writer = new PrintWriter(new TeeWriter(real), false);
        }
        return writer;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        declaredLength = len;
        super.setContentLengthLong(len);
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit(getStatus());
        if (diverted) {
            return;
        }
        if (writer != null) {
            writer.flush();
        }
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit(sc);
        stopCopying();
        if (!diverted) {
            super.sendError(sc, msg);
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit(sc);
        stopCopying();
        if (!diverted) {
            super.sendError(sc);
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit(SC_FOUND);
        stopCopying();
        if (!diverted) {
            super.sendRedirect(location);
        }
    }

    @Override
    public void reset() {
        super.reset();
        copy.reset();
        commitSeen = false;
        copying = true;
        diverted = false;
        declaredLength = -1;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        copy.reset();
    }

    private void copyBytes(byte[] b, int off, int len) {
        if (copying) {
            copy.write(b, off, len);
            if (copy.overflowed()) {
                copying = false;
            }
        }
    }

    /** Tees bytes to the client stream and the copy. */
    private final class TeeStream extends ServletOutputStream {
        private final ServletOutputStream out;

        TeeStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            beforeCommit(getStatus());
            if (diverted) {
                return;
            }
            try {
                out.write(b);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
            copyBytes(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeCommit(getStatus());
            if (diverted) {
                return;
            }
            try {
                out.write(b, off, len);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
            copyBytes(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            beforeCommit(getStatus());
            if (!diverted) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            beforeCommit(getStatus());
            if (!diverted) {
                out.close();
            }
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            out.setWriteListener(writeListener);
        }
    }

    /** Tees characters to the container's writer and, encoded, to the copy. */
    private final class TeeWriter extends Writer {
        private final PrintWriter out;

        TeeWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            beforeCommit(getStatus());
            if (diverted) {
                return;
            }
            out.write(cbuf, off, len);
            if (copying) {
                copyWriter.write(cbuf, off, len);
                if (copy.overflowed()) {
                    copying = false;
                }
            }
        }

        @Override
        public void flush() {
            beforeCommit(getStatus());
            if (!diverted) {
                out.flush();
            }
        }

        @Override
        public void close() {
            beforeCommit(getStatus());
            if (!diverted) {
                out.close();
            }
        }
    }
}
