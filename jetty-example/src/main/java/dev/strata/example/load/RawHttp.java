package dev.strata.example.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on a plain socket, one connection per request: sends header fields the
 * JDK client refuses or would normalise (malformed values, 64 KiB values), and streams bodies of
 * any size through a sink without holding them.
 */
final class RawHttp {
    /** Receives body bytes as they arrive. */
    interface Sink {
        void accept(byte[] buffer, int length) throws IOException;
    }

    /** A response: status, header fields, and the body when it was kept. */
    record Response(int status, List<String[]> headers, byte[] body, long bodyLength, boolean complete) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }
    }

    /**
     * The {@code Host} every request carries: the site name a load balancer passes on to every
     * node, so that the nodes share keys (the key includes the host and port).
     */
    static volatile String siteHost = "shop.example";

    private RawHttp() {
    }

    /** A GET with extra header fields ({@code name, value} pairs), body kept. */
    static Response get(String host, int port, String pathAndQuery, int timeoutMs, String... headers)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        return get(host, port, pathAndQuery, timeoutMs, (b, n) -> body.write(b, 0, n), body, headers);
    }

    /** A GET whose body goes to {@code sink}. */
    static Response get(String host, int port, String pathAndQuery, int timeoutMs, Sink sink,
            ByteArrayOutputStream kept, String... headers) throws IOException {
        StringBuilder head = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(siteHost).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            String statusLine = line(in);
            if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("no HTTP response: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            List<String[]> fields = new ArrayList<>();
            long length = -1;
            boolean chunked = false;
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    String name = l.substring(0, colon).trim();
                    String value = l.substring(colon + 1).trim();
                    fields.add(new String[] {name, value});
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")
                            && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                        chunked = true;
                    }
                }
            }
            byte[] buffer = new byte[65536];
            long total = 0;
            boolean complete;
            if (status == 304 || status == 204) {
                complete = true;
            } else if (chunked) {
                complete = false;
                while (true) {
                    String size = line(in);
                    if (size == null) {
                        break;
                    }
                    int semi = size.indexOf(';');
                    long chunk = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (chunk == 0) {
                        complete = true;
                        break;
                    }
                    long left = chunk;
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            break;
                        }
                        sink.accept(buffer, n);
                        left -= n;
                        total += n;
                    }
                    if (left > 0) {
                        break;
                    }
                    line(in);
                }
            } else {
                long left = length < 0 ? Long.MAX_VALUE : length;
                while (left > 0) {
                    int n;
                    try {
                        n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        break;
                    }
                    sink.accept(buffer, n);
                    left -= n;
                    total += n;
                }
                complete = length < 0 || total == length;
            }
            return new Response(status, fields, kept == null ? null : kept.toByteArray(), total, complete);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }
}
