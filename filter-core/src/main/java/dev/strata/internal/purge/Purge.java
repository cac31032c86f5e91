package dev.strata.internal.purge;

import java.io.Serializable;

/**
 * One purge as every node applies it: the record names it marks and the mark, or (for a hard
 * purge of everything) the namespace version bumped to.
 *
 * @param ids record names ({@link PurgeIds}); empty for a hard purge of everything
 * @param mark {@code {hard, soft, softAt, at}}, or {@code null} for a hard purge of everything
 * @param sequence the purge sequence this purge took (0 for a hard purge of everything)
 * @param namespaceVersion the namespace version bumped to, or 0
 */
record Purge(String[] ids, long[] mark, long sequence, long namespaceVersion) implements Serializable {
}
