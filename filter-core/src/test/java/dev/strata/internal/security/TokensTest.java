package dev.strata.internal.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
