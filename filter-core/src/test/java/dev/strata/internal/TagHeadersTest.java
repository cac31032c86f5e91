package dev.strata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.strata.internal.http.Headers;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagHeadersTest {
    private final TagHeaders tags = new TagHeaders(List.of("Surrogate-Key", "Cache-Tag"), true);

    @Test
    void tagsAreSeparatedBySpacesOrCommasAcrossBothFields() {
        Headers h = Headers.of("surrogate-key", " a  b\tc ", "Cache-Tag", "c,d, e", "Cache-Tag", "f");
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), List.copyOf(tags.parse(h)));
        assertEquals(Set.of(), tags.parse(Headers.of("Content-Type", "text/plain")));
    }

    @Test
    void aResponseWithMalformedOrTooManyTagsIsNotStored() {
        assertNull(tags.parse(Headers.of("Surrogate-Key", "ok caf\u00e9")));
        assertNull(tags.parse(Headers.of("Surrogate-Key", "x".repeat(1025))));
        assertNull(tags.parse(Headers.of("Surrogate-Key", buildMany())), "more than 256 tags");
    }

    private static String buildMany() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            b.append(" tag").append(i);
        }
        return b.toString();
    }
}
