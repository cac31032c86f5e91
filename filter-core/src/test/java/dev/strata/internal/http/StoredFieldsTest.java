package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StoredFieldsTest {
    private static Headers stored(String cc, String... headers) {
        return StoredFields.forStorage(Headers.of(headers), CacheControl.parse(cc));
    }

    @Test
    void rfc9111_3_1_hopByHopAndComputedFieldsAreNotStored() {
        assertEquals(Headers.of("ETag", "\"a\"", "X-Kept", "k"), stored(null, "Connection", "close, X-Gone",
                "X-Gone", "1", "Keep-Alive", "5", "Transfer-Encoding", "chunked", "Age", "3", "Content-Length", "9",
                "ETag", "\"a\"", "Proxy-Connection", "x", "TE", "t", "Upgrade", "u", "Trailer", "t", "X-Kept", "k",
                "Cache-Status", "Up; hit", "X-Cache", "HIT"));
    }

    @Test
    void rfc9111_5_2_2_fieldsNamedInNoCacheOrPrivateAreLeftOut() {
        assertEquals(Headers.of("c", "3"), stored("no-cache=\"A\", private=\"b\"", "a", "1", "B", "2", "c", "3"));
    }

    @Test
    void containerDuplicatesOfDateAndServerKeepTheOriginsValue() {
        assertEquals(Headers.of("Date", "origin", "Server", "origin", "X", "1", "X", "2"),
                stored(null, "Date", "container", "Server", "container", "Date", "origin", "Server", "origin", "X",
                        "1", "X", "2"));
    }

    @Test
    void rfc9111_3_2_freshenedFieldsReplaceStoredOnesExceptContentLength() {
        Headers stored = Headers.of("ETag", "\"a\"", "X-Test", "A", "X-Multi", "1", "X-Multi", "2", "Kept", "k");
        Headers update = Headers.of("X-Test", "B", "X-Multi", "3", "Content-Length", "99", "Connection", "x",
                "Age", "4");
        assertEquals(Headers.of("ETag", "\"a\"", "Kept", "k", "X-Test", "B", "X-Multi", "3"),
                StoredFields.freshened(stored, update));
    }
}
