package dev.strata.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataFilter;
import dev.strata.testing.FreePorts;
import dev.strata.testing.TomcatServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A malformed or unknown init-param fails {@code init()} with the parameter's name, in a real container. */
class InitParamValidationTest {

    /** A malformed or unknown value per line: the parameter's name, then the value. */
    private static final String[] BAD = {
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
    };

    static Stream<Arguments> badParams() {
        return Stream.of(BAD).map(line -> {
            int comma = line.indexOf(", ");
            return Arguments.of(line.substring(0, comma), line.substring(comma + 2));
        });
    }

    @ParameterizedTest(name = "Jetty {0}={1}")
    @MethodSource("badParams")
    void initFailsNamingTheParameter(String name, String value) throws Exception {
        jetty(name, value);
    }

    @ParameterizedTest(name = "Tomcat {0}={1}")
    @MethodSource("badParams")
    void initFailsNamingTheParameterOnTomcat(String name, String value) throws Exception {
        tomcat(name, value);
    }

    private static void jetty(String name, String value) throws Exception {
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

    /**
     * Tomcat's {@code start()} does not throw when a filter's {@code init()} fails: it logs the
     * exception on the context's logger, marks the context FAILED and stops it. Both are checked, the logged
     * exception through a JUL handler on Tomcat's loggers.
     */
    private static void tomcat(String name, String value) throws Exception {
        Tomcat tomcat = TomcatServer.loopback();
        Context context = TomcatServer.rootContext(tomcat);
        context.addFilterMap(TomcatServer.addFilter(context, new StrataFilter(), Map.of(name, value), "/*"));

        Logger catalina = Logger.getLogger("org.apache.catalina");
        List<Throwable> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null) {
                    logged.add(record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        catalina.addHandler(capture);
        try {
            tomcat.start();
            // Tomcat marks the context FAILED, then stops it: either way it serves nothing
            assertFalse(context.getState().isAvailable(), "context state " + context.getState());
            ServletException cause = logged.stream().map(InitParamValidationTest::servletException)
                    .filter(e -> e != null).findFirst().orElse(null);
            assertNotNull(cause, "Tomcat logs the filter's ServletException: " + logged);
            assertTrue(cause.getMessage().contains(name), "message should name " + name + ": " + cause);
        } finally {
            catalina.removeHandler(capture);
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static ServletException servletException(Throwable t) {
        while (t != null && !(t instanceof ServletException)) {
            t = t.getCause();
        }
        return (ServletException) t;
    }
}
