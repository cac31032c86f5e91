package dev.strata.internal.tier;

import dev.strata.internal.entry.StoredValue;

/**
 * A tier-1 value: the stored value plus the moment this node stops trusting its copy and asks tier
 * 2 again (at most {@code tier1MaxTtl} after it was copied).
 *
 * @param value the stored value
 * @param recheckAt epoch millis after which the copy is not used
 */
public record LocalCopy(StoredValue value, long recheckAt) {
}
