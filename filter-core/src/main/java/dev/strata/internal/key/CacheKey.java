package dev.strata.internal.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A cache key: the full structured text, which stored entries echo so that a wrong entry is never
 * served, and the shorter storage key the tiers index by (the SHA-256 of the full text when long).
 *
 * @param full the length-prefixed description of everything the response may depend on
 * @param storage what the tiers index by
 */
public record CacheKey(String full, String storage) {
    /** Keys longer than this are stored under their SHA-256. */
    static final int MAX_PLAIN_LENGTH = 200;

    /** A key for the given structured text. */
    public static CacheKey of(String full) {
        return new CacheKey(full, full.length() <= MAX_PLAIN_LENGTH ? full : "sha256:" + sha256(full));
    }

    /** Hex SHA-256 of the full text: names the key in logs and debug headers without revealing it. */
    public String digest() {
        return sha256(full);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
