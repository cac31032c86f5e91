package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredDictionaryTest {
    private static Map<String, StructuredDictionary.Item> parse(String... lines) {
        return StructuredDictionary.parse(List.of(lines));
    }

    @Test
    void rfc8941_4_2_2_membersWithAndWithoutValues() {
        Map<String, StructuredDictionary.Item> d = parse("max-age=60, no-cache, private=\"Set-Cookie\", x=?0, y=1.5");
        assertEquals(StructuredDictionary.Type.INTEGER, d.get("max-age").type());
        assertEquals(60, d.get("max-age").integer());
        assertEquals(StructuredDictionary.Type.BOOLEAN, d.get("no-cache").type());
        assertTrue(d.get("no-cache").bool());
        assertEquals("Set-Cookie", d.get("private").text());
        assertEquals(false, d.get("x").bool());
        assertEquals(StructuredDictionary.Type.DECIMAL, d.get("y").type());
    }

    @Test
    void rfc8941_4_2_fieldLinesAreCombined() {
        Map<String, StructuredDictionary.Item> d = parse("max-age=60", "no-store");
        assertEquals(2, d.size());
    }

    @Test
    void rfc8941_4_2_2_laterDuplicateWins() {
        assertEquals(5, parse("max-age=60, max-age=5").get("max-age").integer());
    }

    @Test
    void parametersAndInnerListsParse() {
        Map<String, StructuredDictionary.Item> d = parse("a=1;p=2, b=(x \"y\");q, c;r=?1");
        assertEquals(1, d.get("a").integer());
        assertEquals("x, y", d.get("b").text());
        assertTrue(d.get("c").bool());
    }

    @Test
    void rfc8941_invalidFieldsAreRejectedWhole() {
        for (String bad : new String[] {"max-age=10000, &&&&&", "max-age =100", "max-age= 100", "MaX-aGe=1",
            "max-age=1,", ",max-age=1", "a=\"unterminated", "a=1234567890123456", "a=1.2345", "a=?2", "a=:!!:",
            "a=(1 2", "a=\"bad\\q\""}) {
            assertNull(StructuredDictionary.parse(List.of(bad)), bad);
        }
    }

    @Test
    void emptyOrAbsentIsNull() {
        assertNull(StructuredDictionary.parse(List.of()));
        assertNull(StructuredDictionary.parse(null));
        assertNull(StructuredDictionary.parse(List.of("  ")));
    }
}
