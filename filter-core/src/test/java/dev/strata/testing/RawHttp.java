package dev.strata.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests the JDK client refuses to send: control characters,
 * malformed field names, oversized fields. One request per connection.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * What came back.
     *
     * @param status the status code, or -1 when the server closed without answering
     * @param head the status line and header fields as received
     * @param body the rest
     */
    public record Response(int status, String head, String body) {
        /** A header field's value, or {@code null}. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }
    }

    /**
     * Sends {@code GET target} with the given raw header lines (without CRLF) and
     * {@code Connection: close}.
     */
    public static Response get(URI base, String target, String... rawFieldLines) {
        StringBuilder b = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        for (String line : rawFieldLines) {
            b.append(line).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        return exchange(base, b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends {@code method target} with the given raw header lines (without CRLF),
     * {@code Connection: close}, and {@code rawBody} exactly as given after the header section
     * (framed by whatever the lines say, e.g. {@code Transfer-Encoding: chunked}).
     */
    public static Response send(URI base, String method, String target, String rawBody, String... rawFieldLines) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        for (String line : rawFieldLines) {
            b.append(line).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n").append(rawBody);
        return exchange(base, b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Response exchange(URI base, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it read everything (oversized requests)
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                InputStream in = socket.getInputStream();
                in.transferTo(received);
            } catch (IOException e) {
                // a reset after the answer: keep what arrived
            }
            return parse(received.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        int status = -1;
        if (head.startsWith("HTTP/1.") && head.length() >= 12) {
            status = Integer.parseInt(head.substring(9, 12));
        }
        return new Response(status, head, body);
    }
}
