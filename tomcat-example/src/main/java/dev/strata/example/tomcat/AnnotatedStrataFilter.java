package dev.strata.example.tomcat;

import dev.strata.StrataFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;

/**
 * StrataFilter added the annotation way, on {@code /api2/*}, with init-params of its own.
 *
 * <p>Tomcat finds it by scanning {@code WEB-INF/classes} (TomcatExample puts a copy there). An
 * annotation is compiled in, so it cannot name the deployment's Hazelcast instance:
 * {@link HazelcastInstanceListener}, declared in {@code WEB-INF/web.xml}, adds that init-param.
 */
@WebFilter(
        filterName = "strata-api2",
        urlPatterns = "/api2/*",
        dispatcherTypes = DispatcherType.REQUEST,
        initParams = {
                @WebInitParam(name = "tier2Map", value = "strata-responses"),
                @WebInitParam(name = "tier1MaxBytes", value = "16m"),
                @WebInitParam(name = "maxEntryBytes", value = "256k"),
        })
public class AnnotatedStrataFilter extends StrataFilter {
}
