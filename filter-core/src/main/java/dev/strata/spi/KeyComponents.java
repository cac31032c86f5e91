package dev.strata.spi;

/** Where {@link CacheInterceptor#customizeKey} adds to a request's cache key. */
public interface KeyComponents {
    /**
     * Adds a component. Two requests share an entry only if every interceptor added the same
     * components in the same order.
     *
     * @param name a short name (letters, digits, {@code -}, {@code _}, {@code .})
     * @param value its value for this request, not {@code null}
     * @throws IllegalArgumentException on a malformed name or a {@code null} value
     */
    void add(String name, String value);
}
