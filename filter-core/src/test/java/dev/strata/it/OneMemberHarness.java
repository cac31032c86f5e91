package dev.strata.it;

import dev.strata.StrataFilter;
import dev.strata.testing.OneMemberCluster;
import dev.strata.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * What the container contracts share: one Hazelcast member for the class, and per test a container
 * (the subclass's) running a filter in front of an origin, with a tier-2 map of its own so no test
 * sees another's entries.
 */
abstract class OneMemberHarness extends OneMemberCluster {
    StrataFilter filter;
    TestServer server;
    String mapName;

    /** The container under test. */
    abstract TestServer.Factory container();

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Starts the container with {@code newFilter} in front of {@code origin}, tier 2 on the class's
     * member in a new map named {@code mapPrefix-N}, and the init-params given as name, value pairs.
     */
    void startContainer(StrataFilter newFilter, HttpServlet origin, String mapPrefix, String... extraParams)
            throws Exception {
        Map<String, String> params = new HashMap<>();
        mapName = freshMapName(mapPrefix);
        params.put("hazelcastInstance", members.name(0));
        params.put("tier2Map", mapName);
        for (int i = 0; i < extraParams.length; i += 2) {
            params.put(extraParams[i], extraParams[i + 1]);
        }
        filter = newFilter;
        server = container().start(newFilter, params, origin);
    }
}
