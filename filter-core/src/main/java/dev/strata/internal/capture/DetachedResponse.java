package dev.strata.internal.capture;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Locale;

/**
 * A response that reaches no client: the origin's answer to a background refresh, whose client was
 * already served a stale entry. Status, header fields and body (up to a cap) are kept here; the
 * wrapped response is never touched, it only stands in for the type.
 */
public final class DetachedResponse extends FieldRecordingResponse implements Capture {
    private final CommitListener listener;
    private final BoundedBuffer body;
    private int status = SC_OK;
    private String contentType;
    private String characterEncoding = StandardCharsets.ISO_8859_1.name();
    private long declaredLength = -1;
    private boolean committed;
    private boolean store;
    private ServletOutputStream stream;
    private PrintWriter writer;

    /**
     * @param response the client's (already answered) response, never written to
     * @param maxBytes largest body kept
     * @param listener told once, at the first byte or the end
     */
    public DetachedResponse(HttpServletResponse response, long maxBytes, CommitListener listener) {
        super(response);
        this.body = new BoundedBuffer(maxBytes);
        this.listener = listener;
    }

    private void commit() {
        if (committed) {
            return;
        }
        committed = true;
        store = listener.beforeCommit(status, recordedHeaders(contentType), declaredLength) == CommitListener.Decision.STORE;
    }

    /** Ends the response, as the container would when the application returns. */
    public void finish() {
        commit();
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public byte[] capturedBody() {
        byte[] bytes = store ? body.bytes() : null;
        return bytes != null && (declaredLength < 0 || declaredLength == bytes.length) ? bytes : null;
    }

    @Override
    public boolean diverted() {
        return false;
    }

    @Override
    public boolean failed() {
        return store && !body.overflowed() && capturedBody() == null;
    }

    @Override
    public boolean refused() {
        return !store || body.overflowed();
    }

    private void set(String name, String value) {
        replaceField(name, null);
        add(name, value);
    }

    private void add(String name, String value) {
        if (committed) {
            return;
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            setContentType(value);
        } else if (name.equalsIgnoreCase("Content-Length")) {
            declaredLength = Long.parseLong(value.trim());
        } else {
            appendField(name, value);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (!committed) {
            set(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        add(name, value);
    }





    @Override
    public void addCookie(Cookie cookie) {
        // a Set-Cookie makes the response per-user: record that it had one
        addHeader("Set-Cookie", cookie.getName() + "=" + cookie.getValue());
    }

    @Override
    public boolean containsHeader(String name) {
        return getHeader(name) != null;
    }

    @Override
    public String getHeader(String name) {
        if (name.equalsIgnoreCase("Content-Type")) {
            return contentType;
        }
        return recordedField(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return recordedFields(name, new ArrayList<>());
    }

    @Override
    public Collection<String> getHeaderNames() {
        return recordedNames();
    }

    @Override
    public void setStatus(int sc) {
        if (!committed) {
            status = sc;
        }
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc, String msg) {
        setStatus(sc);
        commit();
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) {
        setStatus(SC_FOUND);
        setHeader("Location", location);
        commit();
    }

    @Override
    public void setContentType(String type) {
        if (committed) {
            return;
        }
        contentType = type;
        if (type != null) {
            int charset = type.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (charset >= 0) {
                characterEncoding = type.substring(charset + 8).trim().replace("\"", "");
            }
        }
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (!committed && charset != null) {
            characterEncoding = charset;
        }
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!committed) {
            declaredLength = len;
        }
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void flushBuffer() {
        commit();
    }

    @Override
    public void reset() {
        if (committed) {
            throw new IllegalStateException("committed");
        }
        clearFields();
        status = SC_OK;
        contentType = null;
        declaredLength = -1;
        body.reset();
    }

    @Override
    public void resetBuffer() {
        if (committed) {
            throw new IllegalStateException("committed");
        }
        body.reset();
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was called");
        }
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    commit();
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    commit();
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener writeListener) {
                    try {
                        writeListener.onWritePossible();
                    } catch (IOException e) {
                        writeListener.onError(e);
                    }
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (stream != null) {
            throw new IllegalStateException("getOutputStream() was called");
        }
        if (writer == null) {
            OutputStreamWriter encoder = new OutputStreamWriter(body, Charset.forName(characterEncoding)) {
                @Override
                public void write(char[] cbuf, int off, int len) throws IOException {
                    commit();
                    super.write(cbuf, off, len);
                }

                @Override
                public void write(String str, int off, int len) throws IOException {
                    commit();
                    super.write(str, off, len);
                }
            };
            writer = new PrintWriter(encoder);
        }
        return writer;
    }
}
