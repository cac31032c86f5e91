package dev.strata.bench;

import java.lang.reflect.Proxy;

/** A servlet API object whose every method throws: the base the fakes override a few methods of. */
final class Unsupported {
    private Unsupported() {
    }

    static <T> T of(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(Unsupported.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "unsupported " + type.getSimpleName();
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
                            + " is not faked for the benchmark");
                }));
    }
}
