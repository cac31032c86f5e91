package dev.strata.it;

import dev.strata.testing.TomcatServer;
import dev.strata.testing.TestServer;

/** The admin endpoint contract on embedded Tomcat 11. */
class TomcatAdminEndpointTest extends AdminEndpointContract {
    @Override
    TestServer.Factory container() {
        return TomcatServer::start;
    }
}
