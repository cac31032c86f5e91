package dev.strata.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Comparison of secrets, for admin surfaces (stats, purge) that take a token.
 *
 * <p>{@code String.equals} returns at the first differing character, so its timing tells an
 * attacker how much of a guess was right. Here both sides are hashed to SHA-256 first and the two
 * digests compared with {@link MessageDigest#isEqual}, which looks at every byte: the time depends
 * neither on where the inputs differ nor on the secret's length.
 */
public final class Tokens {
    private Tokens() {
    }

    /**
     * Whether a presented token equals the expected one, in time independent of their contents.
     * A {@code null} on either side is never equal. Callers must refuse to run with an empty
     * expected token: an empty secret is no secret.
     *
     * @param expected the configured secret
     * @param presented what the request carried, or {@code null}
     */
    public static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
