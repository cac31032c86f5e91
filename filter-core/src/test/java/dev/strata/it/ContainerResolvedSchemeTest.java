package dev.strata.it;

import static dev.strata.testing.Http.header;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.StrataFilter;
import dev.strata.testing.Await;
import dev.strata.testing.Http;
import dev.strata.testing.JettyServer;
import dev.strata.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md item 2: the key holds the scheme (and host and port) as the container resolved them.
 * Jetty here trusts a TLS-terminating proxy's {@code X-Forwarded-Proto}, and that field is taken
 * off the keyed-headers list, so only the resolved scheme can keep an {@code https} response away
 * from a plain {@code http} request of the same URL.
 */
class ContainerResolvedSchemeTest {
    private JettyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aResponseForHttpsIsNeverServedToHttpOfTheSameUrl() throws Exception {
        StrataFilter filter = new StrataFilter();
        TestOrigin origin = new TestOrigin();
        server = JettyServer.startBehindProxy(filter, Map.of("keyedHeaders", "X-Host"), origin);
        HttpResponse<byte[]> https = Http.get(server.uri("/api/public/scheme"), "X-Forwarded-Proto", "https");
        assertEquals("MISS", header(https, "X-Cache"));
        Await.until("stored", () -> filter.stats().stores() >= 1);
        assertEquals("HIT", header(Http.get(server.uri("/api/public/scheme"), "X-Forwarded-Proto", "https"),
                "X-Cache"), "the https entry serves https requests");

        HttpResponse<byte[]> http = Http.get(server.uri("/api/public/scheme"));
        assertEquals("MISS", header(http, "X-Cache"), "a plain http request has its own key");
        assertEquals(2, origin.runs("/public/scheme"));
    }
}
