package dev.strata.internal.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RequestKeysTest {
    private final RequestKeys keys = new RequestKeys(List.of("X-Forwarded-Host", "Forwarded"), QueryKey.RAW);

    /** Request fields by lower-case name, as the engine looks them up. */
    private static Function<String, String> fields(String... namesAndValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m::get;
    }

    private CacheKey key(Function<String, String> fields) {
        return keys.primary(0, "http", "shop.example", 80, "/p", "a=1", fields);
    }

    @Test
    void withoutKeyedFieldsTheKeyIsThePlainOne() {
        assertEquals(KeyBuilder.primary(0, "http", "shop.example", 80, "/p", "a=1"), key(fields()));
        assertEquals(key(fields()), key(fields("x-other", "1")));
    }

    @Test
    void aKeyedFieldMakesAnotherKey() {
        assertNotEquals(key(fields()), key(fields("x-forwarded-host", "evil.example")));
        assertNotEquals(key(fields("x-forwarded-host", "a")), key(fields("x-forwarded-host", "b")));
        assertNotEquals(key(fields("x-forwarded-host", "")), key(fields()));
        assertNotEquals(key(fields("x-forwarded-host", "a")), key(fields("forwarded", "a")));
        assertEquals(key(fields("x-forwarded-host", "a")), key(fields("x-forwarded-host", "a")));
    }

    @Test
    void valuesAreKeyedExactly() {
        assertNotEquals(key(fields("forwarded", "host=a, proto=https")), key(fields("forwarded", "host=a,proto=https")));
        assertNotEquals(key(fields("x-forwarded-host", "A")), key(fields("x-forwarded-host", "a")));
    }

    @Test
    void keyedFieldsCannotImitateTheQuery() {
        CacheKey withField = keys.primary(0, "http", "h", 80, "/p", null, fields("forwarded", "x"));
        CacheKey withQuery = keys.primary(0, "http", "h", 80, "/p", "|in|9:forwarded|1:x", fields());
        assertNotEquals(withField, withQuery);
    }

    @Test
    void theQueryOptionsApply() {
        RequestKeys ignoring = new RequestKeys(List.of(), new QueryKey(List.of("utm_*"), false));
        assertEquals(ignoring.primary(0, "http", "h", 80, "/p", "a=1", fields()),
                ignoring.primary(0, "http", "h", 80, "/p", "a=1&utm_source=x", fields()));
    }

    @Test
    void credentialsAndNonTokensAreRefused() {
        for (String bad : List.of("Cookie", "AUTHORIZATION", "Proxy-Authorization", "X Host", "X-Host:", "")) {
            assertThrows(IllegalArgumentException.class, () -> new RequestKeys(List.of(bad), QueryKey.RAW), bad);
        }
    }
}
