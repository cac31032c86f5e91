package dev.strata.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleOptionsTest {

    @Test
    void defaults() throws UsageException {
        assertEquals(new ExampleOptions(8080, 5701, List.of(), 50), ExampleOptions.parse());
    }

    @Test
    void allFlags() throws UsageException {
        ExampleOptions options = ExampleOptions.parse("--port", "9090", "--cluster-port", "5801",
                "--members", "127.0.0.1:5801, 127.0.0.1:5802", "--origin-delay-ms", "0");
        assertEquals(new ExampleOptions(9090, 5801, List.of("127.0.0.1:5801", "127.0.0.1:5802"), 0), options);
    }

    @Test
    void clientInitParamsAndChaos() throws UsageException {
        ExampleOptions options = ExampleOptions.parse("--client", "--members", "127.0.0.1:5801,127.0.0.1:5802",
                "--init-param", "tier2Timeout=200ms", "--init-param=tier1MaxTtl=2s", "--chaos");
        assertTrue(options.client());
        assertTrue(options.chaos());
        assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802"), options.members());
        assertEquals(java.util.Map.of("tier2Timeout", "200ms", "tier1MaxTtl", "2s"), options.initParams());
        assertTrue(!ExampleOptions.parse().client() && !ExampleOptions.parse().chaos());
        assertTrue(ExampleOptions.usage("x.jar").contains("--client"));
    }

    @Test
    void equalsForm() throws UsageException {
        assertEquals(7000, ExampleOptions.parse("--port=7000").port());
    }

    @Test
    void upstream() throws UsageException {
        assertEquals(java.net.URI.create("http://127.0.0.1:9000"),
                ExampleOptions.parse("--port", "8081", "--upstream", "http://127.0.0.1:9000").upstream());
        assertEquals(java.net.URI.create("https://origin.example/base"),
                ExampleOptions.parse("--upstream=https://origin.example/base").upstream());
        assertEquals(null, ExampleOptions.parse().upstream());
        assertTrue(ExampleOptions.usage("x.jar").contains("--upstream URL"));
        for (String bad : new String[] {"127.0.0.1:9000", "ftp://h/", "http://", "http://h/?q=1", "http://u@h/",
            "not a url"}) {
            assertThrows(UsageException.class, () -> ExampleOptions.parse("--upstream", bad), bad);
        }
    }

    @Test
    void help() {
        assertTrue(assertThrows(UsageException.class, () -> ExampleOptions.parse("--help")).helpRequested());
        assertTrue(ExampleOptions.usage("x.jar").contains("--origin-delay-ms"));
    }

    @Test
    void usageErrors() {
        for (String[] args : List.of(
                new String[] {"--prot", "1"},
                new String[] {"8080"},
                new String[] {"--port"},
                new String[] {"--port", "65536"},
                new String[] {"--port", "x"},
                new String[] {"--cluster-port", "-1"},
                new String[] {"--origin-delay-ms", "30001"},
                new String[] {"--members", "127.0.0.1"},
                new String[] {"--members", ","},
                new String[] {"--client"},
                new String[] {"--init-param", "noequals"},
                new String[] {"--init-param", "=x"})) {
            UsageException e = assertThrows(UsageException.class, () -> ExampleOptions.parse(args), String.join(" ", args));
            assertTrue(!e.helpRequested());
        }
    }

    @Test
    void adminTokenTurnsTheAdminEndpointOn() throws Exception {
        assertFalse(ExampleOptions.parse().adminEnabled());
        ExampleOptions options = ExampleOptions.parse("--admin-token", "T");
        assertTrue(options.adminEnabled());
        assertEquals("T", options.adminToken());
        assertEquals("T2", ExampleOptions.parse("--admin-token=T2").adminToken());
        assertThrows(UsageException.class, () -> ExampleOptions.parse("--admin-token", " "));
        assertThrows(UsageException.class, () -> ExampleOptions.parse("--admin-token"));
        assertTrue(ExampleOptions.usage("x.jar").contains("--admin-token"));
    }
}
