package dev.strata.example.tomcat;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import dev.strata.example.demo.BigServlet;
import dev.strata.example.demo.CatalogServlet;
import dev.strata.example.demo.DemoCluster;
import dev.strata.example.demo.ExampleMain;
import dev.strata.example.demo.ExampleOptions;
import dev.strata.example.demo.MeServlet;
import dev.strata.example.demo.NotFoundServlet;
import dev.strata.example.demo.OriginCountServlet;
import dev.strata.example.demo.OriginCounter;
import dev.strata.example.demo.RunningExample;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.loader.WebappLoader;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Strata on embedded Tomcat 11, the filters declared the way a deployed webapp declares them.
 *
 * <pre>
 * java -jar tomcat-example/target/tomcat-example.jar [--port 8080] [--cluster-port 5701]
 *      [--members 127.0.0.1:5701,127.0.0.1:5702] [--origin-delay-ms 50] [--client] [--admin-token T]
 * </pre>
 *
 * <p>Starts a Hazelcast member (see {@link DemoCluster}), or with {@code --client} a Hazelcast client
 * of {@code --members} (whose name {@code hazelcastInstance} finds like a member's), then Tomcat on 127.0.0.1 (base and work
 * directory in a fresh temp directory, removed on close) with one webapp at the root context,
 * exploded in that directory as a deployed webapp would be:
 * <ul>
 *   <li>{@code WEB-INF/web.xml}, copied from {@code webapp/WEB-INF/web.xml} on the class path and
 *       parsed by Tomcat's {@link ContextConfig}: StrataFilter on {@code /api/*}. The member's name
 *       reaches it as {@code ${strata.hazelcastInstance}}, which Tomcat's XML parser replaces with
 *       the system property of that name ({@link #INSTANCE_PROPERTY}), set here just before start;</li>
 *   <li>{@code WEB-INF/classes} with a copy of {@link AnnotatedStrataFilter}, found by Tomcat's
 *       annotation scan ({@code @WebFilter}, {@code /api2/*}); {@link HazelcastInstanceListener},
 *       declared in web.xml, gives it the instance name;</li>
 *   <li>the demo origin, registered in code: {@code /api/catalog/{id}}, {@code /api2/catalog/{id}},
 *       {@code /api/me}, {@code /api/big?bytes=N}, {@code /api2/big?bytes=N}, and
 *       {@code /demo/origin-count} outside the filters.</li>
 * </ul>
 *
 * <p>Tests use {@link #start(ExampleOptions)} and {@link #close()}.
 */
public final class TomcatExample extends RunningExample {

    /** Prefix of the Hazelcast instance name. */
    static final String NAME = "strata-tomcat";
    /** Name of the filter declared in web.xml, on /api/*. */
    public static final String FILTER_NAME = "strata";
    /** Name of {@link AnnotatedStrataFilter}, on /api2/*. */
    public static final String ANNOTATED_FILTER_NAME = "strata-api2";
    /** The system property that {@code ${strata.hazelcastInstance}} in web.xml reads. */
    public static final String INSTANCE_PROPERTY = "strata.hazelcastInstance";
    /** The system properties {@code ${strata.adminPath}} and {@code ${strata.adminToken}} in web.xml read. */
    static final String ADMIN_PATH_PROPERTY = "strata.adminPath";
    static final String ADMIN_TOKEN_PROPERTY = "strata.adminToken";

    /** What a packaged webapp would have under WEB-INF/classes for Tomcat to scan. */
    private static final List<Class<?>> ANNOTATED_CLASSES = List.of(AnnotatedStrataFilter.class);

    private final Tomcat tomcat;
    private final Connector connector;
    private final Context context;
    private final Path baseDir;

    private TomcatExample(Tomcat tomcat, Connector connector, Context context, HazelcastInstance hazelcast,
            OriginCounter originCounter, Path baseDir) {
        super(hazelcast, originCounter);
        this.tomcat = tomcat;
        this.connector = connector;
        this.context = context;
        this.baseDir = baseDir;
    }

    public static void main(String[] args) {
        ExampleMain.run("tomcat-example", args, TomcatExample::start);
    }

    /**
     * Starts the Hazelcast member or client, then Tomcat. On failure, whatever started is stopped
     * again. {@code --init-param} and {@code --chaos} are jetty-example's alone (the filters here are
     * declared in web.xml and by annotation, as a deployed webapp declares them).
     */
    public static TomcatExample start(ExampleOptions options) throws Exception {
        if (!options.initParams().isEmpty() || options.chaos()) {
            throw new IllegalArgumentException("--init-param and --chaos are supported by jetty-example only");
        }
        String instanceName = DemoCluster.instanceName(NAME, options.port());
        HazelcastInstance hazelcast = DemoCluster.start(instanceName, options);
        Path baseDir = null;
        Tomcat tomcat = null;
        try {
            baseDir = Files.createTempDirectory("strata-tomcat-");
            tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());

            Connector connector = new Connector();
            connector.setPort(options.port());
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);

            OriginCounter originCounter = new OriginCounter();
            Context context = webapp(tomcat, baseDir);
            addDemoOrigin(context, originCounter, options.originDelayMs());

            startWithInstanceName(tomcat, instanceName, options);
            if (context.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("the webapp did not start (" + context.getState()
                        + "); the log above says why");
            }
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
                throw new IllegalStateException("the HTTP connector did not start on 127.0.0.1:" + options.port());
            }
            return new TomcatExample(tomcat, connector, context, hazelcast, originCounter, baseDir);
        } catch (Exception | Error e) {
            if (tomcat != null) {
                try {
                    stopTomcat(tomcat);
                } catch (LifecycleException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            hazelcast.shutdown();
            if (baseDir != null) {
                deleteQuietly(baseDir);
            }
            throw e;
        }
    }

    /**
     * Starts Tomcat with {@link #INSTANCE_PROPERTY} set to {@code instanceName}: web.xml is parsed,
     * and the filters initialised, inside {@link Tomcat#start()}. Serialised so that examples
     * started concurrently in one JVM each see their own name; the previous value is restored.
     */
    private static void startWithInstanceName(Tomcat tomcat, String instanceName, ExampleOptions options)
            throws LifecycleException {
        synchronized (TomcatExample.class) {
            String previous = System.getProperty(INSTANCE_PROPERTY);
            System.setProperty(INSTANCE_PROPERTY, instanceName);
            // the admin endpoint's settings, present only while Tomcat parses web.xml
            System.setProperty(ADMIN_PATH_PROPERTY, options.adminEnabled() ? ExampleOptions.ADMIN_PATH : "");
            System.setProperty(ADMIN_TOKEN_PROPERTY, options.adminToken());
            try {
                tomcat.start();
            } finally {
                System.clearProperty(ADMIN_PATH_PROPERTY);
                System.clearProperty(ADMIN_TOKEN_PROPERTY);
                if (previous == null) {
                    System.clearProperty(INSTANCE_PROPERTY);
                } else {
                    System.setProperty(INSTANCE_PROPERTY, previous);
                }
            }
        }
    }

    /**
     * The root webapp, exploded in the temp directory: {@code WEB-INF/web.xml} and, under
     * {@code WEB-INF/classes}, the annotated classes, both copied from the class path (this jar or
     * {@code target/classes}). Tomcat parses the one and scans the other for annotations.
     */
    private static Context webapp(Tomcat tomcat, Path baseDir) throws IOException {
        Path docBase = Files.createDirectories(baseDir.resolve("webapps").resolve("ROOT"));
        copyResource("webapp/WEB-INF/web.xml", docBase.resolve("WEB-INF/web.xml"));
        for (Class<?> annotated : ANNOTATED_CLASSES) {
            String classFile = annotated.getName().replace('.', '/') + ".class";
            copyResource(classFile, docBase.resolve("WEB-INF/classes").resolve(classFile));
        }

        // No global conf/web.xml: the webapp gets no DefaultServlet and no JSP servlet.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        Context context = tomcat.addWebapp(tomcat.getHost(), "", docBase.toString(), config);

        // Parent first: the copies under WEB-INF/classes are there to be scanned; the classes are
        // loaded once, from the class path.
        WebappLoader loader = new WebappLoader();
        loader.setDelegate(true);
        context.setLoader(loader);
        // Scan WEB-INF only, not every jar of the class path (the fat jar is one big one).
        StandardJarScanner jarScanner = (StandardJarScanner) context.getJarScanner();
        jarScanner.setScanClassPath(false);
        jarScanner.setScanManifest(false);
        return context;
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = TomcatExample.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("not on the class path: " + name);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
        }
    }

    private static void addDemoOrigin(Context context, OriginCounter originCounter, long delayMs) {
        CatalogServlet catalog = new CatalogServlet(originCounter, delayMs);
        addServlet(context, "catalog", catalog, "/api/catalog/*", "/api2/catalog/*");
        addServlet(context, "me", new MeServlet(originCounter), "/api/me");
        addServlet(context, "big", new BigServlet(originCounter), "/api/big", "/api2/big");
        addServlet(context, "origin-count", new OriginCountServlet(originCounter), "/demo/origin-count");
        // Tomcat runs filters only for requests mapped to a servlet: StrataFilter answers the admin
        // endpoint at /_strata/* before this one is reached (it answers 404 when the endpoint is off)
        addServlet(context, "admin-path", new NotFoundServlet(), ExampleOptions.ADMIN_PATH + "/*");
    }

    private static void addServlet(Context context, String name, Servlet servlet, String... patterns) {
        Tomcat.addServlet(context, name, servlet);
        for (String pattern : patterns) {
            context.addServletMapping(pattern, name);
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    protected ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    protected void stopContainer() throws LifecycleException {
        stopTomcat(tomcat);
    }

    @Override
    protected void afterStop() {
        deleteQuietly(baseDir);
    }

    private static void stopTomcat(Tomcat tomcat) throws LifecycleException {
        try {
            tomcat.stop();
        } finally {
            tomcat.destroy();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp directory left behind is not worth failing for
        }
    }
}
