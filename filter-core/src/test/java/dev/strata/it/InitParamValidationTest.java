package dev.strata.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataFilter;
import dev.strata.testing.FreePorts;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A malformed or unknown init-param fails {@code init()} with the parameter's name, in a real container. */
class InitParamValidationTest {

    @ParameterizedTest
    @CsvSource({
        "tier1MaxBytes, lots",
        "tier1MaxBytes, 1000",
        "tier2Timeout, 5 parsecs",
        "maxEntryBytes, -1",
        "statusHeaders, yes",
        "cacheableStatuses, 200;404",
        "cacheableStatuses, 206",
        "includePaths, api/*",
        "defaultTtl, 10",
        "circuitFailureThreshold, 0",
        "hazelcastInstance, no-such-instance",
        "hazelcastConfig, /no/such/hazelcast.yaml",
        "hazelcastClientConfig, /no/such/hazelcast-client.yaml",
        "hazelcastClientConfig, classpath:no/such/hazelcast-client.xml",
        "tier2MaxSizeMb, -1",
        "tier2MaxSizeMb, 256m",
        "tier1MaxTTL, 10s",
        "keyedHeaders, X Forwarded Host",
        "keyedHeaders, Cookie",
        "allowedHosts, shop.example:8080",
        "ignoredQueryParams, *",
        "ignoredQueryParams, utm_%2A",
        "sortQueryParams, yes",
        "debugHeaders, 1",
        "purgeRecordTtl, 1h",
        "adminPath, _strata",
        "adminToken, orphan-token",
        "interceptors, com.example.NoSuchInterceptor",
        "interceptors, java.lang.String",
        "metrics, com.example.NoSuchSupplier",
        "tagHeaders, Surrogate Key",
    })
    void initFailsNamingTheParameter(String name, String value) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(FreePorts.next());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder holder = new FilterHolder(new StrataFilter());
        holder.setInitParameters(Map.of(name, value));
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        try {
            Exception e = assertThrows(Exception.class, server::start);
            Throwable cause = e;
            while (cause != null && !(cause instanceof ServletException)) {
                cause = cause.getCause();
            }
            assertTrue(cause != null && cause.getMessage().contains(name.equals("tier1MaxTTL") ? "tier1MaxTTL" : name),
                    "message should name " + name + ": " + e);
        } finally {
            server.stop();
        }
    }
}
