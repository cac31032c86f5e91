package dev.strata.bench;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The part of an {@code HttpServletResponse} the filter writes, recording status, fields and body
 * length into reused storage (no allocation of its own once warm). {@link #recycle()} readies it for
 * the next exchange, as a container recycles its response objects.
 */
final class FakeResponse extends HttpServletResponseWrapper {
    private final ArrayList<String> names = new ArrayList<>(32);
    private final ArrayList<String> values = new ArrayList<>(32);
    private final Sink sink = new Sink();
    private int status = 200;
    private long contentLength = -1;
    private String contentType;

    FakeResponse() {
        super(Unsupported.of(HttpServletResponse.class));
    }

    void recycle() {
        names.clear();
        values.clear();
        sink.written = 0;
        status = 200;
        contentLength = -1;
        contentType = null;
    }

    long bodyBytes() {
        return sink.written;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setHeader(String name, String value) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                // replace the first, drop the others
                values.set(i, value);
                for (int j = names.size() - 1; j > i; j--) {
                    if (names.get(j).equalsIgnoreCase(name)) {
                        names.remove(j);
                        values.remove(j);
                    }
                }
                return;
            }
        }
        addHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        names.add(name);
        values.add(value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public boolean containsHeader(String name) {
        return getHeader(name) != null;
    }

    @Override
    public String getHeader(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    @Override
    public Collection<String> getHeaders(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    @Override
    public Collection<String> getHeaderNames() {
        return new ArrayList<>(new java.util.LinkedHashSet<>(names));
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getCharacterEncoding() {
        return "UTF-8";
    }

    @Override
    public void setContentLength(int len) {
        contentLength = len;
    }

    @Override
    public void setContentLengthLong(long len) {
        contentLength = len;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return sink;
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void flushBuffer() {
    }

    @Override
    public void reset() {
        recycle();
    }

    @Override
    public void resetBuffer() {
        sink.written = 0;
    }

    /** Counts the bytes written. */
    private static final class Sink extends ServletOutputStream {
        long written;

        @Override
        public void write(int b) {
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written += len;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
        }
    }
}
