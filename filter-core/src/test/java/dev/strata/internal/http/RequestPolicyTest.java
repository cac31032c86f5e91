package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RequestPolicyTest {
    private final PathPatterns paths = new PathPatterns(List.of("/*"), List.of("/admin/*", "*.jsp"));
    private final RequestPolicy policy = new RequestPolicy(paths, false);
    private final RequestPolicy authPolicy = new RequestPolicy(paths, true);

    /** A header lookup over alternating names and values, case-insensitive like a servlet request. */
    private static UnaryOperator<String> headers(String... namesAndValues) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.putIfAbsent(namesAndValues[i], namesAndValues[i + 1]);
        }
        return name -> m.get(name.toLowerCase(Locale.ROOT));
    }

    private RequestPolicy.Decision get(String... headers) {
        return policy.decide("GET", "/page", null, headers(headers), false);
    }

    private static void assertDecision(RequestPolicy.Decision d, boolean bypass, boolean lookup, boolean store,
            String fwd) {
        assertEquals(new RequestPolicy.Decision(bypass, lookup, store, fwd), d);
    }

    @Test
    void plainGetUsesTheCache() {
        assertDecision(get(), false, true, true, null);
        assertDecision(policy.decide("HEAD", "/page", "a=b", headers(), false), false, true, true, null);
    }

    @Test
    void excludedPathBypasses() {
        assertDecision(policy.decide("GET", "/admin/users", null, headers(), false), true, false, false, "bypass");
        assertDecision(policy.decide("GET", "/admin", null, headers(), false), true, false, false, "bypass");
        assertDecision(policy.decide("GET", "/x/index.jsp", null, headers(), false), true, false, false, "bypass");
        RequestPolicy onlyStatic = new RequestPolicy(new PathPatterns(List.of("/static/*"), List.of()), false);
        assertDecision(onlyStatic.decide("GET", "/page", null, headers(), false), true, false, false, "bypass");
        assertDecision(onlyStatic.decide("GET", "/static/a.css", null, headers(), false), false, true, true, null);
    }

    @Test
    void excludedPathBypassesBeforeMethodIsLookedAt() {
        assertEquals("bypass", policy.decide("POST", "/admin/x", null, headers(), false).fwd());
    }

    @Test
    void rfc9111_2_otherMethodsAreNotCached() {
        for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "M-SEARCH", "get", "Head"}) {
            assertDecision(policy.decide(m, "/page", null, headers(), false), true, false, false, "method");
        }
    }

    @Test
    void fatGetWithContentLengthIsMethod() {
        assertDecision(get("Content-Length", "12"), true, false, false, "method");
        assertDecision(get("Content-Length", "0"), false, true, true, null);
        assertDecision(get("Content-Length", " 0 "), false, true, true, null);
    }

    @Test
    void fatGetWithTransferEncodingIsMethod() {
        assertDecision(get("Transfer-Encoding", "chunked"), true, false, false, "method");
    }

    @Test
    void methodOverrideHeadersAreMethod() {
        assertEquals("method", get("X-HTTP-Method-Override", "DELETE").fwd());
        assertEquals("method", get("X-HTTP-Method", "PUT").fwd());
        assertEquals("method", get("X-Method-Override", "POST").fwd());
        assertTrue(get("X-HTTP-Method-Override", "DELETE").bypass());
    }

    @Test
    void methodOverrideQueryParameterIsMethod() {
        for (String q : new String[] {"_method=DELETE", "a=1&_method=PUT", "a=1;_method=PUT"}) {
            assertDecision(policy.decide("GET", "/page", q, headers(), false), true, false, false, "method");
        }
        for (String q : new String[] {"x_method=DELETE", "a=_method=", "method=PUT", ""}) {
            assertDecision(policy.decide("GET", "/page", q, headers(), false), false, true, true, null);
        }
    }

    @Test
    void rfc9111_3_5_authorizationBypassesWithoutOptIn() {
        assertDecision(get("Authorization", "Bearer x"), true, false, false, "bypass");
    }

    @Test
    void rfc9111_3_5_authorizationUsesTheCacheWithOptIn() {
        assertDecision(authPolicy.decide("GET", "/page", null, headers("Authorization", "Bearer x"), false),
                false, true, true, null);
    }

    @Test
    void perUserCookieBypasses() {
        assertDecision(policy.decide("GET", "/page", null, headers(), true), true, false, false, "bypass");
        assertDecision(authPolicy.decide("GET", "/page", null, headers(), true), true, false, false, "bypass");
    }

    @Test
    void rfc9111_5_2_1_5_requestNoStoreIsLookupOnly() {
        RequestPolicy.Decision d = get("Cache-Control", "no-store");
        assertDecision(d, false, true, false, null);
        assertDecision(get("Cache-Control", "No-Store, no-cache"), false, true, false, null);
    }

    @Test
    void requestNoCacheAndPragmaAreLeftToTheServePolicy() {
        // no-cache still looks up: a stored response with a validator is validated, not refetched
        assertDecision(get("Cache-Control", "no-cache"), false, true, true, null);
        assertDecision(get("Pragma", "no-cache"), false, true, true, null);
    }

    @Test
    void otherPragmaIsIgnored() {
        assertDecision(get("Pragma", "foo"), false, true, true, null);
    }

    @Test
    void useDecisionHasNoFwd() {
        assertNull(get().fwd());
    }
}
