package dev.strata.example.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the console readable. Everything logs through java.util.logging (Jetty and Ehcache via
 * slf4j-jdk14, Tomcat via JULI, Hazelcast with {@code hazelcast.logging.type=jdk}); this turns the
 * containers and Hazelcast down to WARNING, except Hazelcast's cluster membership messages. It does
 * nothing when a {@code java.util.logging.config.file} or {@code .class} is given.
 */
public final class DemoLogging {

    /** java.util.logging holds loggers weakly: keep the configured ones. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private DemoLogging() {
    }

    public static synchronized void quiet() {
        if (!CONFIGURED.isEmpty()
                || System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        level("com.hazelcast", Level.WARNING);
        level("com.hazelcast.internal.cluster", Level.INFO);
        level("org.eclipse.jetty", Level.WARNING);
        level("org.apache", Level.WARNING);
        level("org.ehcache", Level.WARNING);
    }

    private static void level(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        CONFIGURED.add(logger);
    }
}
