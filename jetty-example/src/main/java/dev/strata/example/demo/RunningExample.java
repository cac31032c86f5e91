package dev.strata.example.demo;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import jakarta.servlet.ServletContext;

/**
 * What the Jetty and Tomcat examples share once started: the Hazelcast instance, the origin counter,
 * the published filters, and closing each part once, the container first.
 */
public abstract class RunningExample implements ExampleServer {
    private final HazelcastInstance hazelcast;
    private final OriginCounter originCounter;
    private boolean closed;

    protected RunningExample(HazelcastInstance hazelcast, OriginCounter originCounter) {
        this.hazelcast = hazelcast;
        this.originCounter = originCounter;
    }

    /** The context the filters are registered in. */
    protected abstract ServletContext servletContext();

    /** Stops the servlet container (the filters are destroyed with it). */
    protected abstract void stopContainer() throws Exception;

    /** Runs after the container and Hazelcast have stopped, whether or not that went cleanly. */
    protected void afterStop() {
    }

    @Override
    public int clusterPort() {
        return DemoCluster.boundPort(hazelcast);
    }

    @Override
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public OriginCounter originCounter() {
        return originCounter;
    }

    @Override
    public StrataFilter filter(String filterName) {
        return ExampleServer.publishedFilter(servletContext(), filterName);
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopContainer();
        } catch (Exception e) {
            throw new IllegalStateException(getClass().getSimpleName() + ": the container did not stop cleanly", e);
        } finally {
            hazelcast.shutdown();
            afterStop();
        }
    }
}
