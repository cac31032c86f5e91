package dev.strata.internal.entry;

/**
 * Stored under a URL's primary key when its response varies: names the request fields whose
 * values select the variant key, and lists the variants stored, oldest first, so that their number
 * stays bounded and an invalidation can find them all.
 *
 * @param key the primary key's full text
 * @param varyNames lower-cased, sorted field names
 * @param expiresAt when the index stops being used
 * @param version namespace version
 * @param variants storage keys of the variants stored under this index, oldest first; a variant not
 *     listed is not served
 */
public record VariantIndex(String key, String[] varyNames, long expiresAt, long version, String[] variants)
        implements StoredValue {

    /** An index that lists no variant yet. */
    public VariantIndex(String key, String[] varyNames, long expiresAt, long version) {
        this(key, varyNames, expiresAt, version, new String[0]);
    }

    /** Whether a variant's storage key is listed. */
    public boolean lists(String variantStorageKey) {
        for (String v : variants) {
            if (v.equals(variantStorageKey)) {
                return true;
            }
        }
        return false;
    }
}
