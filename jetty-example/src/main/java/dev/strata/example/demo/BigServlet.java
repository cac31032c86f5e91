package dev.strata.example.demo;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET <mount>/big?bytes=N}: N deterministic bytes (default 1024, at most 16 MiB) as
 * {@code application/octet-stream} with {@code Cache-Control: public, max-age=60} and a strong
 * ETag; for trying {@code maxEntryBytes}. Byte {@code i} is {@code i % 251}. A malformed or too large
 * N is a 400. Counted in the {@link OriginCounter}.
 */
public final class BigServlet extends HttpServlet {

    /** Largest body served: 16 MiB. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    /** Largest body of the fault tests ({@code --chaos}): 1 GiB. */
    public static final long CHAOS_MAX_BYTES = 1L << 30;

    private final transient OriginCounter counter;
    private final long maxBytes;

    public BigServlet(OriginCounter counter) {
        this(counter, MAX_BYTES);
    }

    /** With another largest body, e.g. {@link #CHAOS_MAX_BYTES}. */
    public BigServlet(OriginCounter counter, long maxBytes) {
        this.counter = counter;
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        counter.record(DemoServlets.pathOf(request));

        long size = DemoServlets.longParam(request, "bytes", 1024, maxBytes);
        if (size < 0) {
            DemoServlets.writeError(response, 400, "bytes must be a whole number from 0 to " + maxBytes);
            return;
        }
        response.setContentType("application/octet-stream");
        response.setHeader("Cache-Control", "public, max-age=60");
        response.setHeader("ETag", "\"big-" + size + "\"");
        response.setContentLengthLong(size);

        byte[] chunk = new byte[8192];
        ServletOutputStream out = response.getOutputStream();
        for (long written = 0; written < size; ) {
            int n = (int) Math.min(chunk.length, size - written);
            for (int i = 0; i < n; i++) {
                chunk[i] = (byte) ((written + i) % 251);
            }
            out.write(chunk, 0, n);
            written += n;
        }
    }
}
