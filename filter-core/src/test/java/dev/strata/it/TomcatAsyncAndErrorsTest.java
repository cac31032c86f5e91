package dev.strata.it;

import dev.strata.testing.TestServer;
import dev.strata.testing.TomcatServer;

/** Async servlets, sendError and sendRedirect on embedded Tomcat 11. */
class TomcatAsyncAndErrorsTest extends AsyncAndErrorsContract {
    @Override
    TestServer.Factory container() {
        return TomcatServer::start;
    }

    @Override
    boolean redirectThroughWrapperWorks() {
        return false;
    }
}
