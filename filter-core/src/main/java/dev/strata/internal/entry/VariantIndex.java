package dev.strata.internal.entry;

/**
 * Stored under a URL's primary key when its response varies: names the request fields whose
 * values select the variant key.
 *
 * @param key the primary key's full text
 * @param varyNames lower-cased, sorted field names
 * @param expiresAt when the index stops being used
 * @param version namespace version
 */
public record VariantIndex(String key, String[] varyNames, long expiresAt, long version) implements StoredValue {
}
