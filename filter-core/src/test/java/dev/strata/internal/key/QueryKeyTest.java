package dev.strata.internal.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryKeyTest {
    private final QueryKey utm = new QueryKey(List.of("utm_*", "fbclid"), false);
    private final QueryKey sorted = new QueryKey(List.of(), true);
    private final QueryKey both = new QueryKey(List.of("utm_*"), true);

    @Test
    void rawByDefault() {
        String q = "b=2&a=1;c=3&&%61=4";
        assertSame(q, QueryKey.RAW.keyed(q));
        assertNull(QueryKey.RAW.keyed(null));
        assertEquals("", QueryKey.RAW.keyed(""));
    }

    @Test
    void ignoredParametersLeaveTheKey() {
        assertEquals("a=1&b=2", utm.keyed("a=1&utm_source=x&b=2&fbclid=y"));
        assertEquals("a=1", utm.keyed("utm_medium=m&a=1"));
        assertEquals("a=1&utm=1", utm.keyed("a=1&utm=1"));
        assertEquals("a=1&fbclid2=1", utm.keyed("a=1&fbclid2=1"));
    }

    @Test
    void aQueryOfOnlyIgnoredParametersIsNoQuery() {
        assertNull(utm.keyed("utm_source=x&utm_medium=y"));
        assertNull(utm.keyed("utm_source"));
        assertEquals("", utm.keyed(""));
    }

    @Test
    void parameterCloakingKeepsThePairInTheKey() {
        // An application that also splits on ';' reads callback=evil out of this pair.
        assertEquals("callback=ok&utm_content=x;callback=evil", utm.keyed("callback=ok&utm_content=x;callback=evil"));
        assertNotEquals(utm.keyed("callback=ok"), utm.keyed("callback=ok&utm_content=x;callback=evil"));
        assertEquals("a=1&utm_x;b=2", utm.keyed("a=1&utm_x;b=2"));
    }

    @Test
    void encodedNamesAreNeverIgnored() {
        // %5F decodes to '_': the raw name is not the name the application sees, so keep it
        assertEquals("utm%5Fsource=x", utm.keyed("utm%5Fsource=x"));
        assertEquals("utm_+source=x", utm.keyed("utm_+source=x"));
        assertEquals("utm_%26callback=x", utm.keyed("utm_%26callback=x"));
    }

    @Test
    void sortingIsStableOnNames() {
        assertEquals("a=1&b=2&c=3", sorted.keyed("c=3&a=1&b=2"));
        assertEquals(sorted.keyed("a=1&b=2"), sorted.keyed("b=2&a=1"));
        // repeated names keep their order: getParameter returns the first
        assertEquals("a=2&a=1&b=0", sorted.keyed("a=2&b=0&a=1"));
        assertNotEquals(sorted.keyed("a=1&a=2"), sorted.keyed("a=2&a=1"));
    }

    @Test
    void notSortedWhenASecondParserCouldDisagree() {
        // with ';' an application splitting on it would see another order of repeated names
        assertEquals("b=2;a=3&a=1", sorted.keyed("b=2;a=3&a=1"));
        // %61 is 'a' once decoded: reordering by raw name could swap the two values of a
        assertEquals("b=1&%61=2&a=1", sorted.keyed("b=1&%61=2&a=1"));
        assertNotEquals(sorted.keyed("a=1&%61=2"), sorted.keyed("%61=2&a=1"));
    }

    @Test
    void ignoreThenSort() {
        assertEquals("a=1&b=2", both.keyed("utm_source=x&b=2&a=1"));
        assertEquals("b=2&a=1;c=3", both.keyed("utm_source=x&b=2&a=1;c=3"));
    }

    @Test
    void emptyPairsAreKept() {
        assertEquals("a=1&&b=2", utm.keyed("a=1&&b=2"));
        assertEquals("a=1&", utm.keyed("a=1&utm_x=1&"));
    }
}
