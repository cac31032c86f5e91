package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.http.InvalidationTargets.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidationTargetsTest {
    private static List<Target> of(String... locations) {
        return InvalidationTargets.of("http", "example.com", 8080, "/a/b", "q=1", locations);
    }

    @Test
    void rfc9111_4_4_theTargetUriAlways() {
        assertEquals(List.of(new Target("/a/b", "q=1")), of());
    }

    @Test
    void rfc9111_4_4_relativeAndSameOriginAbsoluteLocations() {
        assertEquals(List.of(new Target("/a/b", "q=1"), new Target("/a/c", null), new Target("/x", "y=2")),
                of("c", "http://EXAMPLE.com:8080/x?y=2"));
        assertEquals(List.of(new Target("/a/b", "q=1"), new Target("/z", null)), of("/z"));
    }

    @Test
    void rfc9111_4_4_otherOriginsAreNeverInvalidated() {
        assertEquals(List.of(new Target("/a/b", "q=1")), of("https://example.com:8080/x", "http://example.com/x",
                "http://other.com:8080/x", "//other.com/x", "not a uri", ""));
    }

    @Test
    void defaultPortsMatch() {
        assertEquals(2, InvalidationTargets.of("https", "h", 443, "/", null, "https://h/x").size());
    }

    @Test
    void rfc9110_9_2_1_unsafeMethodsAndNonErrorStatuses() {
        for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH", "M-SEARCH", "get"}) {
            assertTrue(InvalidationTargets.unsafe(m), m);
        }
        for (String m : new String[] {"GET", "HEAD", "OPTIONS", "TRACE"}) {
            assertFalse(InvalidationTargets.unsafe(m), m);
        }
        assertTrue(InvalidationTargets.triggers(200));
        assertTrue(InvalidationTargets.triggers(303));
        assertFalse(InvalidationTargets.triggers(404));
        assertFalse(InvalidationTargets.triggers(500));
    }
}
