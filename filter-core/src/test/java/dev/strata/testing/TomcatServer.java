package dev.strata.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 11 on a free loopback port, the filter added as a filter definition. */
public final class TomcatServer implements TestServer {
    private final Tomcat tomcat;
    private final URI base;

    private TomcatServer(Tomcat tomcat, URI base) {
        this.tomcat = tomcat;
        this.base = base;
    }

    /** A Tomcat on a free loopback port with an empty root context ({@link #rootContext}), not started. */
    public static Tomcat loopback() throws java.io.IOException {
        File baseDir = Files.createTempDirectory("strata-tomcat").toFile();
        baseDir.deleteOnExit();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.addContext("", baseDir.getAbsolutePath());
        return tomcat;
    }

    /** The root context of a {@link #loopback} Tomcat. */
    public static Context rootContext(Tomcat tomcat) {
        return (Context) tomcat.getHost().findChild("");
    }

    /** Declares {@code filter} as {@code strata} with its init-params, mapped to {@code pattern}. */
    public static FilterMap addFilter(Context context, Filter filter, Map<String, String> initParams, String pattern) {
        FilterDef def = new FilterDef();
        def.setFilter(filter);
        def.setFilterName("strata");
        def.setAsyncSupported("true");
        initParams.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("strata");
        map.addURLPattern(pattern);
        return map;
    }

    /** Starts Tomcat; the filter is named {@code strata}. */
    public static TomcatServer start(Filter filter, Map<String, String> initParams, HttpServlet origin)
            throws Exception {
        Tomcat tomcat = loopback();
        Connector connector = tomcat.getConnector();
        Context context = rootContext(tomcat);
        Wrapper servlet = Tomcat.addServlet(context, "origin", origin);
        servlet.setAsyncSupported(true);
        context.addServletMappingDecoded("/api/*", "origin");
        FilterMap map = addFilter(context, filter, initParams, "/api/*");
        String adminPath = initParams.get("adminPath");
        if (adminPath != null && !adminPath.isEmpty()) {
            // the admin endpoint is answered by the filter itself: map it there too, and give the
            // context a servlet for unmapped paths (Tomcat runs no filter where no servlet is mapped)
            map.addURLPattern(adminPath + "/*");
            Tomcat.addServlet(context, "not-found", new NotFound());
            context.addServletMappingDecoded("/", "not-found");
        }
        context.addFilterMap(map);
        tomcat.start();
        return new TomcatServer(tomcat, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    /** Answers 404 to whatever no other servlet is mapped to, as Jetty's default servlet does. */
    private static final class NotFound extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest req,
                jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
            resp.sendError(404);
        }
    }

    @Override
    public URI base() {
        return base;
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
