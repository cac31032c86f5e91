package dev.strata.bench;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/** A filter config of init-params, with a servlet context that only accepts attributes. */
final class FakeFilterConfig implements FilterConfig {
    private final Map<String, String> params;
    private final ServletContext context = (ServletContext) Proxy.newProxyInstance(
            FakeFilterConfig.class.getClassLoader(), new Class<?>[] {ServletContext.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "setAttribute", "removeAttribute", "log" -> null;
                case "getAttribute" -> null;
                case "toString" -> "bench context";
                default -> throw new UnsupportedOperationException("ServletContext." + method.getName());
            });

    FakeFilterConfig(Map<String, String> params) {
        this.params = params;
    }

    @Override
    public String getFilterName() {
        return "strata-bench";
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String name) {
        return params.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
    }
}
