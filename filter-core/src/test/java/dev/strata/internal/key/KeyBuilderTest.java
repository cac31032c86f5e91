package dev.strata.internal.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KeyBuilderTest {
    private static CacheKey key(String uri, String query) {
        return KeyBuilder.primary(0, "http", "example.com", 80, uri, query);
    }

    private static Function<String, String> request(String... namesAndValues) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m::get;
    }

    @Test
    void numbersAreLengthPrefixedLikeTheirText() {
        // the key text is a format stored entries echo: it must not change
        assertEquals("strata1|1:0|4:http|11:example.com|2:80|2:/a|-", key("/a", null).full());
        assertEquals("strata1|13:1234567890123|5:https|1:h|5:65535|1:/|0:",
                KeyBuilder.primary(1234567890123L, "https", "h", 65535, "/", "").full());
        assertEquals("strata1|2:-7|4:http|1:h|1:9|1:/|-", KeyBuilder.primary(-7, "http", "h", 9, "/", null).full());
        assertEquals("strata1|19:" + Long.MAX_VALUE + "|4:http|1:h|1:0|1:/|-",
                KeyBuilder.primary(Long.MAX_VALUE, "http", "h", 0, "/", null).full());
    }

    @Test
    void sameRequestSameKey() {
        assertEquals(key("/a", "b=1"), key("/a", "b=1"));
    }

    @Test
    void questionMarkInUriDoesNotCollideWithQuery() {
        // a naive method + uri + "?" + query join gives "/a?b" for both
        assertNotEquals(key("/a?b", null), key("/a", "b"));
        assertNotEquals(key("/a?b", null).full(), key("/a", "b").full());
    }

    @Test
    void nullQueryDiffersFromEmptyQuery() {
        assertNotEquals(key("/a", null), key("/a", ""));
    }

    @Test
    void charactersCannotShiftBetweenFields() {
        // naive joins of host + port or uri + query collide for each pair
        assertNotEquals(KeyBuilder.primary(0, "http", "host1", 80, "/", null),
                KeyBuilder.primary(0, "http", "host", 180, "/", null));
        assertNotEquals(KeyBuilder.primary(0, "http", "example.com", 80, "/x", null),
                KeyBuilder.primary(0, "http", "example.com:80", 80, "/x", null));
        assertNotEquals(key("/ab", "c"), key("/a", "bc"));
        assertNotEquals(key("/a|1:b", null), key("/a", "b"));
        assertNotEquals(key("/a", "|-"), key("/a", null));
        assertNotEquals(KeyBuilder.primary(0, "http", "a", 1, "/", null), KeyBuilder.primary(0, "httpa", "", 1, "/", null));
    }

    @Test
    void schemeAndPortAreDistinct() {
        assertNotEquals(KeyBuilder.primary(0, "http", "h", 80, "/", null), KeyBuilder.primary(0, "https", "h", 80, "/", null));
        assertNotEquals(KeyBuilder.primary(0, "http", "h", 80, "/", null), KeyBuilder.primary(0, "http", "h", 8080, "/", null));
    }

    @Test
    void hostAndSchemeAreLowerCased() {
        assertEquals(KeyBuilder.primary(0, "http", "example.com", 80, "/", null),
                KeyBuilder.primary(0, "HTTP", "Example.COM", 80, "/", null));
    }

    @Test
    void uriAndQueryKeepTheirCaseAndEncoding() {
        assertNotEquals(key("/A", null), key("/a", null));
        assertNotEquals(key("/a%2Fb", null), key("/a/b", null));
        assertNotEquals(key("/a", "X=1"), key("/a", "x=1"));
    }

    @Test
    void shortKeysAreStoredAsIs() {
        CacheKey k = key("/a", "b");
        assertEquals(k.full(), k.storage());
        assertTrue(k.full().length() <= CacheKey.MAX_PLAIN_LENGTH);
    }

    @Test
    void longKeysAreStoredUnderSha256ButKeepTheFullText() {
        String longUri = "/" + "x".repeat(500);
        CacheKey k = key(longUri, null);
        assertTrue(k.full().contains(longUri));
        assertTrue(k.storage().matches("sha256:[0-9a-f]{64}"), k.storage());
        assertEquals(k, key(longUri, null));
        assertNotEquals(k.storage(), key(longUri + "y", null).storage());
    }

    @Test
    void lengthBoundaryOfPlainKeys() {
        String at = "a".repeat(CacheKey.MAX_PLAIN_LENGTH);
        assertEquals(at, CacheKey.of(at).storage());
        String over = at + "a";
        assertTrue(CacheKey.of(over).storage().startsWith("sha256:"));
        assertEquals(over, CacheKey.of(over).full());
    }

    @Test
    void knownSha256() {
        // sha256 of 201 'a' characters
        String over = "a".repeat(CacheKey.MAX_PLAIN_LENGTH + 1);
        String hex = java.util.HexFormat.of().formatHex(sha256(over));
        assertEquals("sha256:" + hex, CacheKey.of(over).storage());
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void variantKeyDiffersFromPrimaryAndPerValue() {
        CacheKey primary = key("/a", null);
        String[] names = {"accept-encoding"};
        CacheKey gzip = KeyBuilder.variant(primary, names, request("accept-encoding", "gzip"));
        CacheKey br = KeyBuilder.variant(primary, names, request("accept-encoding", "br"));
        assertNotEquals(primary, gzip);
        assertNotEquals(gzip, br);
        assertTrue(gzip.full().startsWith(primary.full()));
        assertEquals(gzip, KeyBuilder.variant(primary, names, request("accept-encoding", "gzip")));
    }

    @Test
    void variantKeyAbsentHeaderDiffersFromEmptyHeader() {
        CacheKey primary = key("/a", null);
        String[] names = {"accept-encoding"};
        assertNotEquals(KeyBuilder.variant(primary, names, request()),
                KeyBuilder.variant(primary, names, request("accept-encoding", "")));
    }

    @Test
    void variantValuesCannotShiftBetweenNames() {
        CacheKey primary = key("/a", null);
        String[] names = {"a", "b"};
        assertNotEquals(KeyBuilder.variant(primary, names, request("a", "x", "b", "yz")),
                KeyBuilder.variant(primary, names, request("a", "xy", "b", "z")));
        assertNotEquals(KeyBuilder.variant(primary, names, request("a", "x")),
                KeyBuilder.variant(primary, names, request("b", "x")));
    }

    @Test
    void variantOfDifferentPrimariesDiffer() {
        String[] names = {"accept"};
        Function<String, String> r = request("accept", "text/html");
        assertNotEquals(KeyBuilder.variant(key("/a", null), names, r), KeyBuilder.variant(key("/b", null), names, r));
    }

    @Test
    void variantWithPrecomputedValuesIsTheSame() {
        CacheKey primary = key("/a", null);
        String[] names = {"accept", "accept-encoding"};
        Function<String, String> r = request("accept", "text/html ,  */*", "accept-encoding", "gzip");
        String[] values = KeyBuilder.normalisedValues(names, r);
        assertArrayEquals(new String[] {"text/html,*/*", "gzip"}, values);
        assertEquals(KeyBuilder.variant(primary, names, r), KeyBuilder.variant(primary, names, values));
    }

    @Test
    void variantNormalisesWhitespaceAroundCommas() {
        CacheKey primary = key("/a", null);
        String[] names = {"accept-encoding"};
        assertEquals(KeyBuilder.variant(primary, names, request("accept-encoding", "gzip, br")),
                KeyBuilder.variant(primary, names, request("accept-encoding", "  gzip ,\tbr ")));
        assertNotEquals(KeyBuilder.variant(primary, names, request("accept-encoding", "gzip, br")),
                KeyBuilder.variant(primary, names, request("accept-encoding", "GZIP, br")));
    }

    @Test
    void normaliseFoldsOptionalWhitespaceAndKeepsCase() {
        assertNull(KeyBuilder.normalise(null));
        assertEquals("", KeyBuilder.normalise(""));
        assertEquals("", KeyBuilder.normalise("  \t "));
        assertEquals("a,b", KeyBuilder.normalise("a , b"));
        assertEquals("a,b", KeyBuilder.normalise("a,\tb"));
        assertEquals("a b", KeyBuilder.normalise("a   b"));
        assertEquals("a b", KeyBuilder.normalise("  a \t b  "));
        assertEquals("text/html;q=0.9,Text/Plain", KeyBuilder.normalise("text/html;q=0.9 ,  Text/Plain"));
        assertEquals("en-US,fr", KeyBuilder.normalise("en-US, fr"));
        assertEquals(",a,", KeyBuilder.normalise(" , a , "));
    }

    @Test
    void variantKeyOrderFollowsGivenNames() {
        CacheKey primary = key("/a", null);
        Map<String, String> m = Map.of("a", "1", "b", "2");
        assertEquals(KeyBuilder.variant(primary, new String[] {"a", "b"}, m::get),
                KeyBuilder.variant(primary, new String[] {"a", "b"}, m::get));
        assertNotEquals(KeyBuilder.variant(primary, new String[] {"a"}, m::get),
                KeyBuilder.variant(primary, new String[] {"a", "b"}, m::get));
    }

    @Test
    void naiveJoinCollisionsOfRealRequestsStayApart() {
        // method + uri + query with nothing between: both are "GET/api/ab"
        assertNotEquals(key("/api/ab", null), key("/api/a", "b"));
        // uri + query + host with nothing between: "/api/a" + "b=1" + "h" against "/api/ab" + "=1h" + ""
        assertNotEquals(KeyBuilder.primary(0, "http", "h", 80, "/api/a", "b=1"),
                KeyBuilder.primary(0, "http", "", 80, "/api/ab", "=1h"));
    }

    @Test
    void keyedInputsAreFieldsOfTheirOwn() {
        String[] names = {"x-forwarded-host"};
        CacheKey plain = key("/a", null);
        assertEquals(plain, KeyBuilder.primary(0, "http", "example.com", 80, "/a", null, names, new String[] {null}));
        CacheKey keyed = KeyBuilder.primary(0, "http", "example.com", 80, "/a", null, names, new String[] {"evil"});
        assertNotEquals(plain, keyed);
        assertTrue(keyed.full().startsWith(plain.full()));
        assertNotEquals(keyed, KeyBuilder.primary(0, "http", "example.com", 80, "/a", null, names, new String[] {""}));
    }
}
