package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConditionalTest {
    private static final String LAST_MODIFIED = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String EARLIER = "Sat, 05 Nov 1994 08:49:37 GMT";
    private static final String LATER = "Mon, 07 Nov 1994 08:49:37 GMT";

    private static boolean inm(String ifNoneMatch, String etag) {
        return Conditional.notModified(ifNoneMatch, null, etag, null);
    }

    @Test
    void noConditionsNeverMatch() {
        assertFalse(Conditional.notModified(null, null, "\"a\"", LAST_MODIFIED));
    }

    @Test
    void rfc9110_13_1_2_strongTagsMatch() {
        assertTrue(inm("\"abc\"", "\"abc\""));
        assertFalse(inm("\"abc\"", "\"abd\""));
    }

    @Test
    void rfc9110_13_1_2_weakComparisonIgnoresWeakness() {
        assertTrue(inm("W/\"abc\"", "\"abc\""));
        assertTrue(inm("\"abc\"", "W/\"abc\""));
        assertTrue(inm("W/\"abc\"", "W/\"abc\""));
        assertFalse(inm("W/\"abc\"", "W/\"xyz\""));
    }

    @Test
    void rfc9110_13_1_2_opaqueTagsAreCaseSensitive() {
        assertFalse(inm("\"ABC\"", "\"abc\""));
        assertFalse(inm("w/\"abc\"", "\"abc\""));
    }

    @Test
    void rfc9110_13_1_2_listOfTags() {
        assertTrue(inm("\"x\", \"y\", \"abc\"", "\"abc\""));
        assertTrue(inm("\"x\",W/\"abc\"", "\"abc\""));
        assertTrue(inm("  \"x\" ,\t\"abc\"  ", "\"abc\""));
        assertFalse(inm("\"x\", \"y\"", "\"abc\""));
    }

    @Test
    void rfc9110_13_1_2_tagMayContainComma() {
        assertTrue(inm("\"a,b\"", "\"a,b\""));
        assertFalse(inm("\"a,b\"", "\"a\""));
    }

    @Test
    void rfc9110_13_1_2_starMatchesAnyStoredTag() {
        assertTrue(inm("*", "\"abc\""));
        assertTrue(inm(" * ", "W/\"abc\""));
    }

    @Test
    void starNeedsAStoredTag() {
        assertFalse(inm("*", null));
    }

    @Test
    void malformedValuesNeverMatch() {
        assertFalse(inm("abc", "\"abc\""));
        assertFalse(inm("\"abc", "\"abc\""));
        assertFalse(inm("W/abc", "\"abc\""));
        assertFalse(inm("", "\"abc\""));
        assertFalse(inm(",,,", "\"abc\""));
        assertFalse(inm("\"abc\"", "abc"));
        assertFalse(inm("abc", "abc"));
        assertFalse(inm("\"", "\""));
        assertFalse(inm("W/", "W/"));
        assertFalse(inm("*, \"abc\"", "\"x\""));
    }

    @Test
    void malformedMemberIsSkippedNotFatal() {
        assertTrue(inm("garbage, \"abc\"", "\"abc\""));
    }

    @Test
    void noStoredEtagNeverMatchesIfNoneMatch() {
        assertFalse(inm("\"abc\"", null));
    }

    @Test
    void rfc9110_13_2_2_ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        // If-Modified-Since alone would match; the failing If-None-Match decides
        assertFalse(Conditional.notModified("\"other\"", LATER, "\"abc\"", LAST_MODIFIED));
        // If-Modified-Since alone would not match; the matching If-None-Match decides
        assertTrue(Conditional.notModified("\"abc\"", EARLIER, "\"abc\"", LAST_MODIFIED));
        // no stored ETag: If-Modified-Since is still ignored
        assertFalse(Conditional.notModified("\"abc\"", LATER, null, LAST_MODIFIED));
    }

    @Test
    void rfc9110_13_1_3_ifModifiedSince() {
        assertTrue(Conditional.notModified(null, LAST_MODIFIED, "\"abc\"", LAST_MODIFIED));
        assertTrue(Conditional.notModified(null, LATER, null, LAST_MODIFIED));
        assertFalse(Conditional.notModified(null, EARLIER, null, LAST_MODIFIED));
    }

    @Test
    void rfc9110_13_1_3_ifModifiedSinceAcceptsObsoleteDateForms() {
        assertTrue(Conditional.notModified(null, "Sunday, 06-Nov-94 08:49:37 GMT", null, LAST_MODIFIED));
        assertTrue(Conditional.notModified(null, "Sun Nov  6 08:49:37 1994", null, LAST_MODIFIED));
    }

    @Test
    void rfc9110_13_1_3_invalidDatesNeverMatch() {
        assertFalse(Conditional.notModified(null, "yesterday", null, LAST_MODIFIED));
        assertFalse(Conditional.notModified(null, LATER + ", " + LATER, null, LAST_MODIFIED));
        assertFalse(Conditional.notModified(null, LATER, null, "garbage"));
        assertFalse(Conditional.notModified(null, LATER, "\"abc\"", null));
    }

    @Test
    void rfc9111_4_3_2_ifModifiedSinceFallsBackToTheStoredDate() {
        assertTrue(Conditional.notModified(null, LATER, null, null, LAST_MODIFIED));
        assertFalse(Conditional.notModified(null, EARLIER, null, null, LAST_MODIFIED));
        assertTrue(Conditional.notModified(null, LAST_MODIFIED, null, LAST_MODIFIED, LATER));
    }

    @Test
    void rfc9110_8_8_3_2_strongAndWeakComparison() {
        assertTrue(Conditional.strongMatch("\"1\"", "\"1\""));
        assertFalse(Conditional.strongMatch("W/\"1\"", "W/\"1\""));
        assertFalse(Conditional.strongMatch("W/\"1\"", "\"1\""));
        assertFalse(Conditional.strongMatch("\"1\"", "\"2\""));
        assertTrue(Conditional.weakMatch("W/\"1\"", "W/\"1\""));
        assertTrue(Conditional.weakMatch("W/\"1\"", "\"1\""));
        assertTrue(Conditional.weakMatch("\"1\"", "\"1\""));
        assertFalse(Conditional.weakMatch("\"1\"", "\"2\""));
        assertFalse(Conditional.weakMatch("1", "1"));
    }

    @Test
    void rfc9111_4_3_1_validatorSentIsTheStoredTagQuotedIfBare() {
        assertEquals("\"a\"", Conditional.validatorFor("\"a\""));
        assertEquals("W/\"a\"", Conditional.validatorFor(" W/\"a\" "));
        assertEquals("\"abcdef\"", Conditional.validatorFor("abcdef"));
        assertEquals(null, Conditional.validatorFor(null));
        assertEquals(null, Conditional.validatorFor("a\"b"));
    }
}
