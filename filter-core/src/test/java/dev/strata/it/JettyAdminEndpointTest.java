package dev.strata.it;

import dev.strata.testing.JettyServer;
import dev.strata.testing.TestServer;

/** The admin endpoint contract on embedded Jetty 12. */
class JettyAdminEndpointTest extends AdminEndpointContract {
    @Override
    TestServer.Factory container() {
        return JettyServer::start;
    }
}
