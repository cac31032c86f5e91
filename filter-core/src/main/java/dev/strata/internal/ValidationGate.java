package dev.strata.internal;

import dev.strata.internal.capture.FieldRecordingResponse;
import dev.strata.internal.http.Headers;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The response the origin writes to when the cache validates a stored response. Status and header
 * fields are held until the origin starts the body, flushes, errors or completes; then a {@code 304}
 * is kept from the client (the cache answers from the refreshed stored response instead) and any
 * other response is replayed onto the wrapped response and passes through as a normal miss.
 */
final class ValidationGate extends FieldRecordingResponse {
    private enum State { PENDING, PASSED, ABSORBED }

    private State state = State.PENDING;
    private int status = SC_OK;
    private final List<Cookie> cookies = new ArrayList<>();
    private String contentType;
    private String characterEncoding;
    private long contentLength = -1;
    private Locale locale;

    ValidationGate(HttpServletResponse passTo) {
        super(passTo);
    }

    /** Decides now if not decided yet; whether the origin's response was a {@code 304} kept back. */
    synchronized boolean absorbed() {
        decide();
        return state == State.ABSORBED;
    }

    /** The fields of the {@code 304} the origin sent (meaningful once {@link #absorbed()}). */
    synchronized Headers notModifiedFields() {
        return recordedHeaders(contentType);
    }

    private void decide() {
        if (state != State.PENDING) {
            return;
        }
        if (status == SC_NOT_MODIFIED) {
            state = State.ABSORBED;
            return;
        }
        state = State.PASSED;
        HttpServletResponse target = (HttpServletResponse) getResponse();
        target.setStatus(status);
        if (locale != null) {
            target.setLocale(locale);
        }
        if (contentType != null) {
            target.setContentType(contentType);
        }
        if (characterEncoding != null) {
            target.setCharacterEncoding(characterEncoding);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String[] f : recorded()) {
            // the first value replaces what the container may have put there (Jetty's own Date)
            if (seen.add(f[0].toLowerCase(Locale.ROOT))) {
                target.setHeader(f[0], f[1]);
            } else {
                target.addHeader(f[0], f[1]);
            }
        }
        for (Cookie c : cookies) {
            target.addCookie(c);
        }
        if (contentLength >= 0) {
            target.setContentLengthLong(contentLength);
        }
    }

    private synchronized boolean pending() {
        return state == State.PENDING;
    }

    // --- status and fields: recorded while pending ---

    @Override
    public synchronized void setStatus(int sc) {
        if (state == State.PENDING) {
            status = sc;
        } else if (state == State.PASSED) {
            super.setStatus(sc);
        }
    }

    @Override
    public synchronized int getStatus() {
        return state == State.PASSED ? super.getStatus() : status;
    }

    @Override
    public synchronized void setHeader(String name, String value) {
        if (state == State.PASSED) {
            super.setHeader(name, value);
            return;
        }
        if (name == null) {
            return;
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            setContentType(value);
            return;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            contentLength = value == null ? -1 : parseLength(value);
            return;
        }
        replaceField(name, value);
    }

    @Override
    public synchronized void addHeader(String name, String value) {
        if (state == State.PASSED) {
            super.addHeader(name, value);
            return;
        }
        if (name == null || value == null) {
            return;
        }
        if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
            setHeader(name, value);
            return;
        }
        appendField(name, value);
    }





    @Override
    public synchronized boolean containsHeader(String name) {
        if (state == State.PASSED) {
            return super.containsHeader(name);
        }
        return getHeader(name) != null;
    }

    @Override
    public synchronized String getHeader(String name) {
        if (state == State.PASSED) {
            return super.getHeader(name);
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            return contentType;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return contentLength < 0 ? null : Long.toString(contentLength);
        }
        return recordedField(name);
    }

    @Override
    public synchronized Collection<String> getHeaders(String name) {
        if (state == State.PASSED) {
            return super.getHeaders(name);
        }
        List<String> values = new ArrayList<>();
        String single = name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")
                ? getHeader(name) : null;
        if (single != null) {
            values.add(single);
        }
        return recordedFields(name, values);
    }

    @Override
    public synchronized Collection<String> getHeaderNames() {
        if (state == State.PASSED) {
            return super.getHeaderNames();
        }
        Collection<String> names = recordedNames();
        if (contentType != null) {
            names.add("Content-Type");
        }
        if (contentLength >= 0) {
            names.add("Content-Length");
        }
        return names;
    }

    @Override
    public synchronized void addCookie(Cookie cookie) {
        if (state == State.PASSED) {
            super.addCookie(cookie);
        } else if (state == State.PENDING) {
            cookies.add(cookie);
        }
    }

    @Override
    public synchronized void setContentType(String type) {
        if (state == State.PASSED) {
            super.setContentType(type);
        } else if (state == State.PENDING) {
            contentType = type;
        }
    }

    @Override
    public synchronized String getContentType() {
        return state == State.PASSED ? super.getContentType() : contentType;
    }

    @Override
    public synchronized void setCharacterEncoding(String charset) {
        if (state == State.PASSED) {
            super.setCharacterEncoding(charset);
        } else if (state == State.PENDING) {
            characterEncoding = charset;
        }
    }

    @Override
    public synchronized String getCharacterEncoding() {
        if (state == State.PASSED) {
            return super.getCharacterEncoding();
        }
        return characterEncoding != null ? characterEncoding : StandardCharsets.ISO_8859_1.name();
    }

    @Override
    public synchronized void setLocale(Locale loc) {
        if (state == State.PASSED) {
            super.setLocale(loc);
        } else if (state == State.PENDING) {
            locale = loc;
        }
    }

    @Override
    public synchronized void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public synchronized void setContentLengthLong(long len) {
        if (state == State.PASSED) {
            super.setContentLengthLong(len);
        } else if (state == State.PENDING) {
            contentLength = len;
        }
    }

    @Override
    public synchronized boolean isCommitted() {
        return state == State.PASSED ? super.isCommitted() : state == State.ABSORBED;
    }

    @Override
    public synchronized void reset() {
        if (state == State.PASSED) {
            super.reset();
        } else if (state == State.PENDING) {
            status = SC_OK;
            clearFields();
            cookies.clear();
            contentType = null;
            characterEncoding = null;
            contentLength = -1;
        }
    }

    @Override
    public synchronized void resetBuffer() {
        if (state == State.PASSED) {
            super.resetBuffer();
        }
    }

    // --- body and commit: decide first ---

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        synchronized (this) {
            if (state == State.PASSED) {
                return super.getOutputStream();
            }
        }
        return new DecidingStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        synchronized (this) {
            if (state == State.PASSED) {
                return super.getWriter();
            }
        }
        return new PrintWriter(new OutputStreamWriter(new DecidingStream(), getCharacterEncoding()), false);
    }

    @Override
    public void flushBuffer() throws IOException {
        synchronized (this) {
            decide();
            if (state != State.PASSED) {
                return;
            }
        }
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        passWithStatus(sc);
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        passWithStatus(sc);
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        passWithStatus(SC_FOUND);
        super.sendRedirect(location);
    }

    private synchronized void passWithStatus(int sc) {
        if (state == State.PENDING) {
            status = sc == SC_NOT_MODIFIED ? SC_OK : sc;
            decide();
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The stream handed out before the decision: the first byte decides; after a pass everything goes
     * to the wrapped response's stream, after a {@code 304} (which has no body) bytes are dropped.
     */
    private final class DecidingStream extends ServletOutputStream {
        private OutputStream target() throws IOException {
            synchronized (ValidationGate.this) {
                decide();
                if (state != State.PASSED) {
                    return OutputStream.nullOutputStream();
                }
            }
            return ValidationGate.super.getOutputStream();
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }

        @Override
        public void close() throws IOException {
            target().close();
        }

        @Override
        public boolean isReady() {
            synchronized (ValidationGate.this) {
                if (state != State.PASSED) {
                    return true;
                }
            }
            try {
                return ValidationGate.super.getOutputStream().isReady();
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            try {
                synchronized (ValidationGate.this) {
                    decide();
                    if (state != State.PASSED) {
                        listener.onWritePossible();
                        return;
                    }
                }
                ValidationGate.super.getOutputStream().setWriteListener(listener);
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
