package dev.strata.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.Map;

/** An embedded container serving a filter on {@code /api/*} in front of an origin servlet. */
public interface TestServer extends AutoCloseable {
    /** The base URI, e.g. {@code http://127.0.0.1:PORT}. */
    URI base();

    /** {@code base()} resolved against a path. */
    default URI uri(String pathAndQuery) {
        return base().resolve(pathAndQuery);
    }

    @Override
    void close() throws Exception;

    /** Starts a container of some kind. */
    @FunctionalInterface
    interface Factory {
        TestServer start(Filter filter, Map<String, String> initParams, HttpServlet origin) throws Exception;
    }
}
