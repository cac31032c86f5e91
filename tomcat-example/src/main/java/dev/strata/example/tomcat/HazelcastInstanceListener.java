package dev.strata.example.tomcat;

import dev.strata.StrataFilter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Gives every StrataFilter of the webapp that names neither {@code hazelcastInstance} nor
 * {@code hazelcastConfig} the Hazelcast instance named by the context-param {@value #PARAM}.
 *
 * <p>For filters declared by annotation: their init-params are compiled in, while the instance name
 * belongs to the deployment. (Redeclaring the filter in web.xml to add the param works for
 * init-params, but Tomcat then ignores the annotation's URL patterns unless web.xml maps it too.)
 * Listeners run before filters are initialised, while init-params can still be added to a
 * {@link FilterRegistration}. Plain Servlet API: works in any container.
 */
public final class HazelcastInstanceListener implements ServletContextListener {

    /** The context-param naming the Hazelcast instance. */
    public static final String PARAM = "strata.hazelcastInstance";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String instance = context.getInitParameter(PARAM);
        if (instance == null || instance.isBlank()) {
            return;
        }
        for (FilterRegistration filter : context.getFilterRegistrations().values()) {
            if (isStrata(filter, context)
                    && filter.getInitParameter("hazelcastInstance") == null
                    && filter.getInitParameter("hazelcastConfig") == null) {
                filter.setInitParameter("hazelcastInstance", instance);
            }
        }
    }

    private static boolean isStrata(FilterRegistration filter, ServletContext context) {
        try {
            Class<?> type = Class.forName(filter.getClassName(), false, context.getClassLoader());
            return StrataFilter.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
