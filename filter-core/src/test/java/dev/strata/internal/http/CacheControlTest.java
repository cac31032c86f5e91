package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheControlTest {
    private static final long CAP = 2147483648L;

    @Test
    void absentHeaderIsEmpty() {
        assertTrue(CacheControl.parse((String) null).isEmpty());
        assertTrue(CacheControl.parse((List<String>) null).isEmpty());
        assertTrue(CacheControl.parse(List.of()).isEmpty());
        assertTrue(CacheControl.parse("").isEmpty());
        assertTrue(CacheControl.parse(" , ,").isEmpty());
        assertEquals(CacheControl.ABSENT, CacheControl.parse("").seconds("max-age"));
        assertNull(CacheControl.parse("").argument("max-age"));
    }

    @Test
    void rfc9111_5_2_parsesDirectivesWithAndWithoutArguments() {
        CacheControl cc = CacheControl.parse("public, max-age=60,s-maxage=120 ,  must-revalidate");
        assertTrue(cc.has("public"));
        assertTrue(cc.has("must-revalidate"));
        assertEquals(60, cc.seconds("max-age"));
        assertEquals(120, cc.seconds("s-maxage"));
        assertEquals("", cc.argument("public"));
        assertEquals("60", cc.argument("max-age"));
        assertFalse(cc.has("no-store"));
        assertFalse(cc.isEmpty());
    }

    @Test
    void rfc9111_5_2_directiveNamesAreCaseInsensitive() {
        CacheControl cc = CacheControl.parse("No-Store, MAX-AGE=5, S-MaxAge=7");
        assertTrue(cc.has("no-store"));
        assertEquals(5, cc.seconds("max-age"));
        assertEquals(7, cc.seconds("s-maxage"));
    }

    @Test
    void argumentsKeepTheirCase() {
        assertEquals("Set-Cookie", CacheControl.parse("no-cache=Set-Cookie").argument("no-cache"));
    }

    @Test
    void rfc9111_5_2_quotedStringArgumentMayContainCommas() {
        CacheControl cc = CacheControl.parse("private=\"Set-Cookie, X-Foo\", max-age=10");
        assertEquals("Set-Cookie, X-Foo", cc.argument("private"));
        assertEquals(10, cc.seconds("max-age"));
        assertFalse(cc.has("x-foo"));
    }

    @Test
    void quotedStringBackslashEscapes() {
        CacheControl cc = CacheControl.parse("ext=\"a\\\"b\\\\c\", no-store");
        assertEquals("a\"b\\c", cc.argument("ext"));
        assertTrue(cc.has("no-store"));
    }

    @Test
    void unterminatedQuotedStringDoesNotThrow() {
        CacheControl cc = CacheControl.parse("max-age=5, private=\"Set-Cookie");
        assertEquals(5, cc.seconds("max-age"));
        assertEquals("Set-Cookie", cc.argument("private"));
    }

    @Test
    void rfc9111_5_2_quotedDeltaSecondsIsAccepted() {
        assertEquals(30, CacheControl.parse("max-age=\"30\"").seconds("max-age"));
    }

    @Test
    void repeatedFieldsAreOneList() {
        CacheControl cc = CacheControl.parse(List.of("public", "max-age=9", "no-transform"));
        assertTrue(cc.has("public"));
        assertTrue(cc.has("no-transform"));
        assertEquals(9, cc.seconds("max-age"));
    }

    @Test
    void rfc9111_4_2_1_duplicateWithSameValueIsKept() {
        assertEquals(60, CacheControl.parse("max-age=60, max-age=60").seconds("max-age"));
        assertEquals(60, CacheControl.parse(List.of("max-age=60", "max-age=60")).seconds("max-age"));
    }

    @Test
    void rfc9111_4_2_1_conflictingDuplicatesReadAsZero() {
        assertEquals(0, CacheControl.parse("max-age=60, max-age=3600").seconds("max-age"));
        assertEquals(0, CacheControl.parse(List.of("s-maxage=60", "s-maxage=61")).seconds("s-maxage"));
        assertEquals(0, CacheControl.parse("max-age=1, max-age=2, max-age=1").seconds("max-age"));
        CacheControl cc = CacheControl.parse("max-age=1, max-age=2");
        assertTrue(cc.has("max-age"));
        assertEquals("", cc.argument("max-age"));
    }

    @Test
    void rfc9111_4_2_1_malformedDeltaSecondsReadAsZero() {
        for (String bad : Arrays.asList("max-age=", "max-age=-1", "max-age=1.5", "max-age=abc", "max-age=12a",
                "max-age=+5", "max-age", "max-age=0x10", "max-age=1 2")) {
            assertEquals(0, CacheControl.parse(bad).seconds("max-age"), bad);
        }
    }

    @Test
    void rfc9111_1_2_2_hugeDeltaSecondsCappedAt2To31() {
        assertEquals(CAP, CacheControl.parse("max-age=2147483648").seconds("max-age"));
        assertEquals(CAP, CacheControl.parse("max-age=2147483649").seconds("max-age"));
        assertEquals(CAP, CacheControl.parse("max-age=9999999999").seconds("max-age"));
        assertEquals(CAP, CacheControl.parse("max-age=99999999999999999999999999").seconds("max-age"));
        assertEquals(2147483647L, CacheControl.parse("max-age=2147483647").seconds("max-age"));
    }

    @Test
    void rfc9111_1_2_2_leadingZerosDoNotCountTowardsTheCap() {
        assertEquals(5, CacheControl.parse("max-age=00000000000000005").seconds("max-age"));
        assertEquals(0, CacheControl.parse("max-age=000000000000").seconds("max-age"));
        assertEquals(0, CacheControl.parse("max-age=0").seconds("max-age"));
    }

    @Test
    void absentDirectiveIsAbsentNotZero() {
        assertEquals(CacheControl.ABSENT, CacheControl.parse("public").seconds("max-age"));
    }

    @Test
    void rfc9111_5_2_whitespaceAroundEqualsMakesTheDirectiveInvalid() {
        assertFalse(CacheControl.parse("max-age =100").has("max-age"));
        assertFalse(CacheControl.parse("max-age= 100").has("max-age"));
        assertFalse(CacheControl.parse("max-age\t=100, public").has("max-age"));
        assertTrue(CacheControl.parse("max-age =100, public").has("public"));
        assertEquals(CacheControl.ABSENT, CacheControl.parse("max-age= 100").seconds("max-age"));
    }

    @Test
    void rfc9111_5_2_phraseInsideAQuotedStringIsNotADirective() {
        CacheControl cc = CacheControl.parse("extension=\"max-age=100\", max-age=1");
        assertEquals(1, cc.seconds("max-age"));
        assertEquals(1, CacheControl.parse("max-age=1, extension=\"max-age=100\"").seconds("max-age"));
    }

    @Test
    void rfc9111_5_2_2_4_qualifiedAndUnqualifiedForms() {
        assertTrue(CacheControl.parse("no-cache").unqualified("no-cache"));
        assertFalse(CacheControl.parse("no-cache=\"Set-Cookie\"").unqualified("no-cache"));
        assertEquals(java.util.Set.of("set-cookie", "x-a"),
                CacheControl.parse("no-cache=\"Set-Cookie, X-A\"").fieldNames("no-cache"));
        assertEquals(java.util.Set.of("a"), CacheControl.parse("private=a").fieldNames("private"));
        assertTrue(CacheControl.parse("public").fieldNames("private").isEmpty());
        // both forms at once: the whole response is no-cache
        assertTrue(CacheControl.parse("no-cache, no-cache=\"a\"").unqualified("no-cache"));
    }

    @Test
    void whitespaceAroundValuesIsTrimmed() {
        assertEquals(42, CacheControl.parse("  max-age=42  ,\tpublic").seconds("max-age"));
        assertTrue(CacheControl.parse("  max-age=42  ,\tpublic").has("public"));
    }
}
