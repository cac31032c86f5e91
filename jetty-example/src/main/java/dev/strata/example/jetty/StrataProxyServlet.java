package dev.strata.example.jetty;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.client.EarlyHintsProtocolHandler;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProcessingProtocolHandler;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.ClientConnector;

/**
 * Jetty's transparent proxy servlet ({@code proxyTo} init-param) as the reverse-proxy mode uses it.
 *
 * <p>Requests go upstream with every path, query, method (extension methods included) and body
 * unchanged, hop-by-hop fields and those named in {@code Connection} left out, {@code Via} and
 * {@code Forwarded} added; the upstream sees its own host in {@code Host}. One change to Jetty's
 * behaviour on the way back: Jetty 12.1 rebuilds each response field from its parsed values, which
 * drops the quotes of values like {@code no-cache="a, b"} or {@code rel="preload"}; here each field
 * line is copied as the upstream sent it, in order. The first value of a field replaces what the
 * container put there already (its own {@code Date} and {@code Server}), repeated lines are added.
 * Hop-by-hop fields and those the upstream's {@code Connection} names stay behind (RFC 9110 §7.6.1).
 */
public class StrataProxyServlet extends ProxyServlet.Transparent {
    private static final long serialVersionUID = 1L;

    /**
     * Jetty's client keeps parsed field values in a cache that by default matches values ignoring
     * case: an upstream's {@code max-age=60} could come back spelt as another response's
     * {@code MaX-aGe=60}. A proxy passes values on exactly as they were sent.
     */
    @Override
    protected HttpClient newHttpClient(ClientConnector connector) {
        // HTTP/1.1 to the upstream, as Jetty's default transport would speak to an http:// upstream
        HttpClientTransportOverHTTP http = new HttpClientTransportOverHTTP(connector);
        http.setHeaderCacheCaseSensitive(true);
        return new HttpClient(http);
    }

    /**
     * Jetty's proxy servlet leaves its client without the handlers of interim responses: an
     * upstream's {@code 102 Processing} or {@code 103 Early Hints} then completes the exchange, and
     * the final response that follows is never delivered (the client waits until it times out).
     * With the handlers back, interim responses are consumed and the final one goes through; the
     * servlet API has no way to send an interim response on, so the client gets the final one only.
     */
    @Override
    public void init() throws ServletException {
        super.init();
        getHttpClient().getProtocolHandlers().put(new EarlyHintsProtocolHandler());
        getHttpClient().getProtocolHandlers().put(new ProcessingProtocolHandler());
    }

    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            Response serverResponse) {
        Set<String> connectionNamed = new HashSet<>();
        for (String connection : serverResponse.getHeaders().getValuesList("Connection")) {
            for (String token : connection.split(",")) {
                connectionNamed.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        Set<String> seen = new HashSet<>();
        for (HttpField field : serverResponse.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            if (HOP_HEADERS.contains(lower) || connectionNamed.contains(lower) || field.getValue() == null) {
                continue;
            }
            if (seen.add(lower)) {
                proxyResponse.setHeader(field.getName(), field.getValue());
            } else {
                proxyResponse.addHeader(field.getName(), field.getValue());
            }
        }
    }
}
