package dev.strata.it;

import dev.strata.testing.JettyServer;
import dev.strata.testing.TestServer;

/** Async servlets, sendError and sendRedirect on embedded Jetty 12. */
class JettyAsyncAndErrorsTest extends AsyncAndErrorsContract {
    @Override
    TestServer.Factory container() {
        return JettyServer::start;
    }
}
