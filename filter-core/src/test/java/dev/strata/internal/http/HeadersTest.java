package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {
    private final Headers h = Headers.of("Content-Type", "text/plain", "Vary", "Accept", "vary", "Origin");

    @Test
    void keepsOrderAndSpelling() {
        assertEquals(3, h.size());
        assertEquals("Content-Type", h.name(0));
        assertEquals("text/plain", h.value(0));
        assertEquals("vary", h.name(2));
        assertEquals("Origin", h.value(2));
    }

    @Test
    void lookupIsCaseInsensitive() {
        assertEquals("text/plain", h.first("content-type"));
        assertEquals("Accept", h.first("VARY"));
        assertEquals(List.of("Accept", "Origin"), h.all("Vary"));
        assertTrue(h.has("CONTENT-TYPE"));
        assertFalse(h.has("ETag"));
        assertNull(h.first("ETag"));
        assertEquals(List.of(), h.all("ETag"));
    }

    @Test
    void rfc9110_5_3_joinedWithCommaSpace() {
        assertEquals("Accept, Origin", h.joined("vary"));
        assertEquals("text/plain", h.joined("Content-Type"));
        assertNull(h.joined("ETag"));
    }

    @Test
    void oddNumberOfStringsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Headers.of("a"));
    }

    @Test
    void ofCopiesTheArray() {
        String[] raw = {"A", "1"};
        Headers copy = Headers.of(raw);
        raw[1] = "2";
        assertEquals("1", copy.first("A"));
    }

    @Test
    void builderKeepsOrder() {
        Headers b = new Headers.Builder().add("Content-Type", "text/plain").add("Vary", "Accept").add("vary", "Origin")
                .build();
        assertEquals(h, b);
        assertEquals(h.hashCode(), b.hashCode());
        assertEquals(0, new Headers.Builder().build().size());
        assertEquals(Headers.of(), new Headers.Builder().build());
    }

    @Test
    void equalityIsExact() {
        assertNotEquals(Headers.of("A", "1"), Headers.of("a", "1"));
        assertNotEquals(Headers.of("A", "1", "B", "2"), Headers.of("B", "2", "A", "1"));
    }
}
