package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class VaryNamesTest {
    @Test
    void absentIsEmpty() {
        assertArrayEquals(new String[0], VaryNames.parse(null));
        assertArrayEquals(new String[0], VaryNames.parse(""));
        assertArrayEquals(new String[0], VaryNames.parse(" , ,"));
    }

    @Test
    void rfc9110_12_5_5_namesAreLowerCasedSortedAndDistinct() {
        assertArrayEquals(new String[] {"accept-encoding", "accept-language"},
                VaryNames.parse("Accept-Language, accept-encoding ,ACCEPT-ENCODING"));
    }

    @Test
    void twoSpellingsGiveOneResult() {
        assertArrayEquals(VaryNames.parse("Accept-Encoding,Origin"), VaryNames.parse("origin , accept-encoding"));
    }

    @Test
    void rfc9110_12_5_5_starIsNull() {
        assertNull(VaryNames.parse("*"));
        assertNull(VaryNames.parse("Accept, *"));
        assertNull(VaryNames.parse(" * "));
    }
}
