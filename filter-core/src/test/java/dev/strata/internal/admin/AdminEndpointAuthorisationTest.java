package dev.strata.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.security.Secret;
import dev.strata.testing.Bytecode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the admin endpoint decides a request is authorised. Its HTTP behaviour is in
 * {@code AdminEndpointContract}; here, that the token only ever meets the constant-time
 * {@link Secret#matches} (which {@code SecretTest} and {@code TokensTest} pin to SHA-256 digests
 * compared with {@code MessageDigest.isEqual}).
 */
class AdminEndpointAuthorisationTest {
    private static final String TOKEN = "test-admin-token-0123456789";
    private final AdminEndpoint endpoint = new AdminEndpoint("/_strata", new Secret(TOKEN), null);

    @Test
    void onlyTheBearerTokenIsAuthorised() {
        assertTrue(endpoint.authorised("Bearer " + TOKEN));
        assertTrue(endpoint.authorised("bearer " + TOKEN), "the scheme is case-insensitive");
        assertTrue(endpoint.authorised("Bearer " + TOKEN + " "));
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic " + TOKEN, TOKEN,
                "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Bearer " + TOKEN.toUpperCase(),
                "Bearer wrong-token", "BearerX" + TOKEN}) {
            assertFalse(endpoint.authorised(header), String.valueOf(header));
        }
    }

    @Test
    void theTokenIsOnlyComparedInConstantTime() {
        List<String> calls = Bytecode.calls(AdminEndpoint.class, "authorised");
        // one comparison for a well-formed header, one for a missing or malformed one, so that a
        // request without the header takes as long as one with a wrong token
        assertEquals(2, calls.stream().filter(c -> c.equals(Secret.class.getName() + ".matches")).count(),
                calls.toString());
        for (String early : Bytecode.EARLY_EXIT_COMPARISONS) {
            assertFalse(calls.contains(early), early + " in " + calls);
        }
        // the one prefix comparison is of the scheme, "Bearer ", never of the token
        assertTrue(calls.stream().filter(c -> c.equals("java.lang.String.regionMatches")).count() <= 1, calls.toString());
    }
}
