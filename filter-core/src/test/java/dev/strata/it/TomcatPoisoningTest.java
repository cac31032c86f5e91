package dev.strata.it;

import dev.strata.testing.TestServer;
import dev.strata.testing.TomcatServer;

/** The poisoning and deception contract on embedded Tomcat 11. */
class TomcatPoisoningTest extends PoisoningContract {
    @Override
    TestServer.Factory container() {
        return TomcatServer::start;
    }
}
