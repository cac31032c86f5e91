package dev.strata.example.demo;

import java.util.concurrent.CountDownLatch;

/** The {@code main} of both examples: parse flags, start, print the banner, run until stopped. */
public final class ExampleMain {

    private ExampleMain() {
    }

    /**
     * Runs an example until the JVM is told to stop (Ctrl-C, SIGTERM), then closes it. Exits 0 after
     * {@code --help}, 2 on a usage error, 1 when the example fails to start.
     *
     * @param name    {@code jetty-example} or {@code tomcat-example}: names the jar and the banner
     */
    public static void run(String name, String[] args, ExampleServer.Starter starter) {
        run(name, args, starter, false);
    }

    /**
     * As {@link #run(String, String[], ExampleServer.Starter)}.
     *
     * @param proxyMode whether this example supports {@code --upstream} (reverse-proxy mode)
     */
    public static void run(String name, String[] args, ExampleServer.Starter starter, boolean proxyMode) {
        ExampleOptions options;
        try {
            options = ExampleOptions.parse(args);
            if (options.upstream() != null && !proxyMode) {
                throw new UsageException("--upstream is not supported by " + name + " (use jetty-example)");
            }
        } catch (UsageException e) {
            if (e.helpRequested()) {
                System.out.print(ExampleOptions.usage(name + ".jar"));
                System.exit(0);
            }
            System.err.println(name + ": " + e.getMessage());
            System.err.print(ExampleOptions.usage(name + ".jar"));
            System.exit(2);
            return;
        }

        DemoLogging.quiet();
        ExampleServer server;
        try {
            server = starter.start(options);
        } catch (Exception e) {
            System.err.println(name + ": failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                closed.countDown();
            }
        }, name + "-shutdown"));

        if (options.upstream() != null) {
            System.out.println("Strata " + name + " caching proxy " + server.baseUri() + "/ -> " + options.upstream()
                    + " (cluster port " + server.clusterPort() + ")");
        } else {
            System.out.println("Strata " + name + " serving " + server.baseUri() + "/api/catalog/1 ("
                    + (options.client() ? "Hazelcast client of " + String.join(",", options.members())
                            : "cluster port " + server.clusterPort()) + ")");
        }
        System.out.flush();

        boolean interrupted = false;
        while (closed.getCount() > 0) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
