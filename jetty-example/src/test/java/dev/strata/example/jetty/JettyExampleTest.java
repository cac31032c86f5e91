package dev.strata.example.jetty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.example.demo.ExampleContract;
import dev.strata.example.demo.ExampleOptions;
import dev.strata.example.demo.ExampleServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The Jetty example over real HTTP: Jetty, StrataFilter registered programmatically and a
 * one-member Hazelcast cluster, all on free ports of 127.0.0.1 (the shared checks are in
 * {@link ExampleContract}).
 */
class JettyExampleTest extends ExampleContract {

    @Override
    protected ExampleServer start(ExampleOptions options) throws Exception {
        return JettyExample.start(options);
    }

    @Override
    protected String filterName() {
        return JettyExample.FILTER_NAME;
    }

    @Test
    void bigServesDeterministicBytes() throws Exception {
        HttpResponse<byte[]> big = getBytes("/api/big?bytes=20000");
        assertEquals(200, big.statusCode());
        assertEquals("application/octet-stream", big.headers().firstValue("Content-Type").orElse(null));
        byte[] expected = new byte[20000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i % 251);
        }
        assertArrayEquals(expected, big.body());
    }
}
