package dev.strata.example.demo;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import java.net.URI;

/** A started example: HTTP server, demo origin, filter and embedded Hazelcast member. */
public interface ExampleServer extends AutoCloseable {

    /** The bound HTTP port on 127.0.0.1. */
    int port();

    /** The bound Hazelcast member port on 127.0.0.1, or 0 for a client ({@code --client}). */
    int clusterPort();

    /** The embedded member, or the client, the filter uses for tier 2. */
    HazelcastInstance hazelcast();

    /** Origin runs on this node. */
    OriginCounter originCounter();

    /**
     * The running filter of that name, e.g. for its {@link StrataFilter#stats()}: the one the filter
     * publishes as the servlet context attribute {@code StrataFilter.CONTEXT_ATTRIBUTE_PREFIX + name}.
     *
     * @throws IllegalStateException if no such filter is running
     */
    StrataFilter filter(String filterName);

    /** Reads the filter a context published under {@code filterName}. */
    static StrataFilter publishedFilter(jakarta.servlet.ServletContext context, String filterName) {
        Object filter = context.getAttribute(StrataFilter.CONTEXT_ATTRIBUTE_PREFIX + filterName);
        if (filter instanceof StrataFilter strata) {
            return strata;
        }
        throw new IllegalStateException("no running StrataFilter named " + filterName);
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    default URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Stops the HTTP server (the filter is destroyed), then the Hazelcast member. Idempotent. */
    @Override
    void close();

    /** Starts an example. */
    @FunctionalInterface
    interface Starter {
        ExampleServer start(ExampleOptions options) throws Exception;
    }
}
