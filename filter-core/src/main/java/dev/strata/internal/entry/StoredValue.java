package dev.strata.internal.entry;

/** What a tier holds under a key: a response, or the index that says a URL's responses vary. */
public sealed interface StoredValue permits CachedResponse, VariantIndex {
    /** The full key this value was stored under, echoed so a foreign value is never served. */
    String key();

    /** Epoch millis after which the value is stale. */
    long expiresAt();

    /** Namespace version the value was stored under. */
    long version();
}
