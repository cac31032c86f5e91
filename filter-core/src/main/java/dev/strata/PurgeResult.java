package dev.strata;

import java.util.List;

/**
 * What a purge did, from {@link StrataFilter#purgeUrl}, {@link StrataFilter#purgeTags} and
 * {@link StrataFilter#purgeAll}.
 *
 * <p>When {@link #complete()}, every member of the cluster applied the purge before it returned:
 * from then on no node serves the purged content from either tier. Otherwise the members that did
 * not answer in time catch up from the cluster's purge records within about two
 * {@code versionCacheTtl}.
 *
 * @param scope {@code url}, {@code tags} or {@code all}
 * @param targets the URLs or tags purged (empty for {@code all})
 * @param soft whether the content was marked stale (served within its stale windows while one
 *     refresh runs) rather than removed
 * @param sequence the cluster's purge sequence number this purge took (0 for a hard purge of
 *     everything, which bumps the namespace version instead)
 * @param namespaceVersion the namespace version a hard purge of everything bumped to, else 0
 * @param acknowledged members that applied it before the answer
 * @param members members in the cluster (1 without tier 2)
 */
public record PurgeResult(String scope, List<String> targets, boolean soft, long sequence, long namespaceVersion,
        int acknowledged, int members) {

    /** Defensive copy of the targets. */
    public PurgeResult {
        targets = List.copyOf(targets);
    }

    /** Whether every member applied it before it returned. */
    public boolean complete() {
        return acknowledged >= members;
    }
}
