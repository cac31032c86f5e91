package dev.strata.internal.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesTheValuesPurgesUse() throws Exception {
        assertEquals(Map.of("tags", List.of("a", "b\u00e9\n"), "soft", true),
                Json.parse(" {\"tags\" : [\"a\",\"b\\u00e9\\n\"], \"soft\":true}\n"));
        assertEquals(Map.of("all", true), Json.parse("{\"all\":true}"));
        assertEquals(new BigDecimal("-1.5e3"), Json.parse("-1.5e3"));
        assertEquals(null, Json.parse("null"));
        assertEquals(List.of(), Json.parse("[]"));
    }

    @Test
    void rejectsAnythingMalformed() {
        for (String bad : new String[] {"", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{a:1}", "{'a':1}", "[1,]", "[,1]",
                "{\"a\":1,}", "01", "1.", ".5", "-", "tru", "nul", "\"unterminated", "\"bad \\x escape\"",
                "\"\\u12\"", "\"tab\there\"", "{} {}", "{\"a\":1,\"a\":2}",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"}) {
            assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void writesMapsListsStringsAndNumbers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"\\\u0001");
        m.put("n", 3L);
        m.put("r", 0.25);
        m.put("b", false);
        m.put("l", List.of("x"));
        m.put("nan", Double.NaN);
        assertEquals("{\"s\":\"q\\\"\\\\\\u0001\",\"n\":3,\"r\":0.25,\"b\":false,\"l\":[\"x\"],\"nan\":null}",
                Json.write(m));
    }
}
