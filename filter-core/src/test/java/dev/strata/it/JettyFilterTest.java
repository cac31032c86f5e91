package dev.strata.it;

import dev.strata.testing.JettyServer;
import dev.strata.testing.TestServer;

/** The filter contract on embedded Jetty 12. */
class JettyFilterTest extends FilterContract {
    @Override
    TestServer.Factory container() {
        return JettyServer::start;
    }
}
