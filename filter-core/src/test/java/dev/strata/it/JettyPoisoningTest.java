package dev.strata.it;

import dev.strata.testing.JettyServer;
import dev.strata.testing.TestServer;

/** The poisoning and deception contract on embedded Jetty 12. */
class JettyPoisoningTest extends PoisoningContract {
    @Override
    TestServer.Factory container() {
        return JettyServer::start;
    }
}
