package dev.strata.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testing.Bytecode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretTest {
    private static final String TOKEN = "s3cret-admin-token-0123";

    @Test
    void matchesOnlyTheExactSecret() {
        Secret secret = new Secret(TOKEN);
        assertTrue(secret.matches(TOKEN));
        assertTrue(secret.matches(new String(TOKEN.toCharArray())), "compares content, not identity");
        for (String other : new String[] {null, "", "s", TOKEN.substring(0, TOKEN.length() - 1), TOKEN + "x",
                TOKEN.toUpperCase(), " " + TOKEN, TOKEN.replace('3', '4')}) {
            assertFalse(secret.matches(other), String.valueOf(other));
        }
        assertThrows(IllegalArgumentException.class, () -> new Secret(""));
        assertThrows(IllegalArgumentException.class, () -> new Secret(null));
    }

    @Test
    void matchesGoesThroughTheConstantTimeComparison() {
        // String.equals stops at the first differing character; only Tokens hashes both sides first
        assertEquals(List.of(Tokens.class.getName() + ".constantTimeEquals"), Bytecode.calls(Secret.class, "matches"));
    }

    /** So that no caller can compare the secret some other way: its text never leaves the class. */
    @Test
    void theSecretCannotBeReadOut() {
        for (Method m : Secret.class.getDeclaredMethods()) {
            if (Modifier.isPrivate(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            Class<?> type = m.getReturnType();
            boolean textual = CharSequence.class.isAssignableFrom(type) || type == char[].class
                    || type == byte[].class || type == Object.class;
            assertTrue(!textual || m.getName().equals("toString"), m + " could hand the secret out");
        }
        assertFalse(new Secret(TOKEN).toString().contains(TOKEN));
        assertFalse(new Secret(TOKEN).toString().contains("s3cret"));
    }
}
