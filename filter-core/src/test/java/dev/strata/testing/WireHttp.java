package dev.strata.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http} will not send or will not show:
 * {@code Connection} and other restricted request fields, extension methods with odd bodies, and
 * response fields exactly as they came on the wire, repeated lines included. Each request uses
 * its own connection ({@code Connection: close}) and reads the response to the end.
 */
public final class WireHttp {
    /** A response as received: status, field lines in order, body. */
    public record Response(int status, List<String[]> fields, byte[] body) {
        /** Every value of a field, one per line, in order. */
        public List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] f : fields) {
                if (f[0].equalsIgnoreCase(name)) {
                    out.add(f[1]);
                }
            }
            return out;
        }

        /** The first value of a field, or {@code null}. */
        public String first(String name) {
            List<String> all = all(name);
            return all.isEmpty() ? null : all.get(0);
        }

        /** The body as UTF-8. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private WireHttp() {
    }

    /**
     * Sends one request.
     *
     * @param method the method, sent as is
     * @param uri the absolute URI (host and port used to connect; path and query sent)
     * @param body the body, or {@code null}
     * @param fieldLines extra field lines ("Name: value"), sent as given
     */
    public static Response send(String method, URI uri, byte[] body, String... fieldLines) {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            boolean connection = false;
            for (String line : fieldLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    connection = true;
                    line = line + ", close";
                }
                head.append(line).append("\r\n");
            }
            if (!connection) {
                head.append("Connection: close\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream(), method.equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("incomplete response: " + new String(all, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            fields.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()});
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        boolean chunked = fields.stream().anyMatch(f -> f[0].equalsIgnoreCase("Transfer-Encoding")
                && f[1].toLowerCase(Locale.ROOT).contains("chunked"));
        byte[] body = head ? new byte[0] : chunked ? dechunk(rest) : rest;
        return new Response(status, fields, body);
    }

    private static byte[] dechunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < data.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(data, i, data.length), "\r\n".getBytes());
            String sizeLine = new String(data, i, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            i += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(data, i, Math.min(size, data.length - i));
            i += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
