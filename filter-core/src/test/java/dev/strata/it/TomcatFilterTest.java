package dev.strata.it;

import dev.strata.testing.TestServer;
import dev.strata.testing.TomcatServer;

/** The filter contract on embedded Tomcat 11. */
class TomcatFilterTest extends FilterContract {
    @Override
    TestServer.Factory container() {
        return TomcatServer::start;
    }
}
