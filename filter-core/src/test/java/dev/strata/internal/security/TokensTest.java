package dev.strata.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Bytecode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void equalTokensMatch() {
        assertTrue(Tokens.constantTimeEquals("s3cret-token", "s3cret-token"));
        assertTrue(Tokens.constantTimeEquals("ünïcödé ✓", "ünïcödé ✓"));
    }

    @Test
    void anyDifferenceDoesNotMatch() {
        assertFalse(Tokens.constantTimeEquals("s3cret-token", "s3cret-tokeN"));
        assertFalse(Tokens.constantTimeEquals("s3cret-token", "S3cret-token"));
        assertFalse(Tokens.constantTimeEquals("s3cret-token", "s3cret-token "));
        assertFalse(Tokens.constantTimeEquals("s3cret-token", "s3cret"));
        assertFalse(Tokens.constantTimeEquals("s3cret-token", ""));
        assertFalse(Tokens.constantTimeEquals("", "x"));
    }

    @Test
    void nullNeverMatches() {
        assertFalse(Tokens.constantTimeEquals("s3cret-token", null));
        assertFalse(Tokens.constantTimeEquals(null, "s3cret-token"));
        assertFalse(Tokens.constantTimeEquals(null, null));
    }

    @Test
    void tokensOfEveryLengthAndPrefixAreTold() {
        String secret = "0123456789abcdef0123456789abcdef";
        for (int n = 0; n < secret.length(); n++) {
            assertFalse(Tokens.constantTimeEquals(secret, secret.substring(0, n)), "prefix of " + n);
            assertFalse(Tokens.constantTimeEquals(secret.substring(0, n), secret), "longer by " + (secret.length() - n));
            char[] flipped = secret.toCharArray();
            flipped[n] = flipped[n] == 'x' ? 'y' : 'x';
            assertFalse(Tokens.constantTimeEquals(secret, new String(flipped)), "differs at " + n);
        }
        assertTrue(Tokens.constantTimeEquals(secret, new String(secret.toCharArray())));
    }

    /**
     * Timing cannot be asserted reliably, so the implementation is: the digests of both sides are
     * compared with {@code MessageDigest.isEqual}, and nothing that returns at the first differing
     * character ever sees the tokens.
     */
    @Test
    void comparesSha256DigestsWithMessageDigestIsEqual() {
        List<String> calls = Bytecode.calls(Tokens.class, "constantTimeEquals");
        assertTrue(calls.contains("java.security.MessageDigest.isEqual"), calls.toString());
        assertEquals(2, calls.stream().filter(c -> c.equals(Tokens.class.getName() + ".sha256")).count(),
                "both sides are hashed: " + calls);
        for (String early : Bytecode.EARLY_EXIT_COMPARISONS) {
            assertFalse(calls.contains(early), early + " in " + calls);
        }
        assertNotEquals(List.of(), Bytecode.calls(Tokens.class, "sha256"));
    }
}
