package dev.strata.internal.security;

/**
 * A configured secret (the admin token). Its {@code toString} never shows it, so logging the
 * settings or an exception that holds them cannot leak it.
 */
public final class Secret {
    private final String value;

    /** @param value the secret, not empty */
    public Secret(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an empty secret is no secret");
        }
        this.value = value;
    }

    /** Whether a presented token equals this secret, compared in constant time. */
    public boolean matches(String presented) {
        return Tokens.constantTimeEquals(value, presented);
    }

    /** Its length, for a warning about short secrets. */
    public int length() {
        return value.length();
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
