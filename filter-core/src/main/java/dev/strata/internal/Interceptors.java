package dev.strata.internal;

import dev.strata.InitParam;
import dev.strata.internal.key.CacheKey;
import dev.strata.spi.CacheEvent;
import dev.strata.spi.CacheInterceptor;
import dev.strata.spi.KeyComponents;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The interceptors of one filter, called in order, each failing open: one that throws is logged
 * (rate-limited, per interceptor) and skipped for that call.
 */
public final class Interceptors {
    private final CacheInterceptor[] all;
    private final RateLimitedLog[] logs;

    /** @param interceptors in calling order */
    public Interceptors(List<CacheInterceptor> interceptors) {
        this.all = interceptors.toArray(new CacheInterceptor[0]);
        this.logs = new RateLimitedLog[all.length];
        for (int i = 0; i < all.length; i++) {
            logs[i] = new RateLimitedLog(10_000);
        }
    }

    /**
     * The configured interceptors: the ones {@code interceptors} lists, then (unless
     * {@code discoverInterceptors} is off) those {@link ServiceLoader} finds, then the built-ins.
     *
     * @throws IllegalArgumentException naming {@code interceptors} when a listed class cannot be
     *     loaded, is not a {@link CacheInterceptor}, or cannot be constructed
     */
    public static Interceptors load(Settings settings, ClassLoader loader, List<CacheInterceptor> builtIns) {
        List<CacheInterceptor> list = new ArrayList<>();
        for (String name : settings.interceptors()) {
            list.add(instantiate(name, loader));
        }
        if (settings.discoverInterceptors()) {
            try {
                for (CacheInterceptor found : ServiceLoader.load(CacheInterceptor.class, loader)) {
                    if (list.stream().noneMatch(i -> i.getClass() == found.getClass())) {
                        list.add(found);
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new IllegalArgumentException("Strata could not load the interceptors ServiceLoader found"
                        + " (set '" + InitParam.DISCOVER_INTERCEPTORS.paramName() + "' to false to skip them): "
                        + e.getMessage(), e);
            }
        }
        list.addAll(builtIns);
        return new Interceptors(list);
    }

    private static CacheInterceptor instantiate(String name, ClassLoader loader) {
        String prefix = "Invalid Strata init-param '" + InitParam.INTERCEPTORS.paramName() + "': '" + name + "' ";
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(prefix + "cannot be loaded: " + e, e);
        }
        if (!CacheInterceptor.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(prefix + "is not a " + CacheInterceptor.class.getName());
        }
        try {
            return (CacheInterceptor) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(prefix + "needs a public no-argument constructor: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(prefix + "failed in its constructor: " + e.getCause(), e.getCause());
        }
    }

    /** Number of interceptors. */
    public int size() {
        return all.length;
    }

    /** Whether any interceptor asks to bypass the cache for the request. */
    boolean bypass(HttpServletRequest request) {
        for (int i = 0; i < all.length; i++) {
            try {
                if (all[i].bypass(request)) {
                    return true;
                }
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "bypass", e);
            }
        }
        return false;
    }

    /** The key with every interceptor's components added after the built-in ones. */
    CacheKey customiseKey(HttpServletRequest request, CacheKey primary) {
        if (all.length == 0) {
            return primary;
        }
        StringBuilder added = null;
        for (int i = 0; i < all.length; i++) {
            Components components = new Components();
            try {
                all[i].customizeKey(request, components);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "customizeKey", e);
                continue;
            }
            if (components.text.length() > 0) {
                if (added == null) {
                    // a bare marker after the length-prefixed fields: no field text can imitate it
                    added = new StringBuilder("|x");
                }
                added.append(components.text);
            }
        }
        return added == null ? primary : CacheKey.of(primary.full() + added);
    }

    /** Lets each interceptor adjust or veto a response about to be stored; a failing one changes nothing. */
    void beforeStore(HttpServletRequest request, Candidate candidate) {
        for (int i = 0; i < all.length && !candidate.vetoed(); i++) {
            Candidate attempt = candidate.copy();
            try {
                all[i].beforeStore(request, attempt);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "beforeStore", e);
                continue;
            }
            candidate.adopt(attempt);
        }
    }

    /** Tells every interceptor what happened. */
    void emit(CacheEvent event) {
        for (int i = 0; i < all.length; i++) {
            try {
                all[i].onEvent(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                failed(i, "onEvent", e);
            }
        }
    }

    private void failed(int index, String method, Throwable e) {
        logs[index].warn("Strata interceptor " + all[index].getClass().getName() + "." + method
                + " failed and was skipped", e);
    }

    /** Collects one interceptor's key components, length-prefixed like the built-in fields. */
    private static final class Components implements KeyComponents {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void add(String name, String value) {
            if (name == null || name.isEmpty() || name.length() > 64 || !name.chars().allMatch(
                    c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.".indexOf(c) >= 0)) {
                throw new IllegalArgumentException("bad key component name");
            }
            if (value == null) {
                throw new IllegalArgumentException("null key component value");
            }
            text.append('|').append(name.length()).append(':').append(name)
                    .append('|').append(value.length()).append(':').append(value);
        }
    }
}
