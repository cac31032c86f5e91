package dev.strata.example.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OriginCounterTest {

    @Test
    void countsPerPathAsSortedJson() {
        OriginCounter counter = new OriginCounter();
        assertEquals("{\"total\":0,\"paths\":{}}", counter.toJson());
        counter.record("/api/me");
        counter.record("/api/catalog/1");
        counter.record("/api/catalog/1");
        counter.record("/api/catalog/\"odd\"");
        assertEquals(2, counter.count("/api/catalog/1"));
        assertEquals(4, counter.total());
        assertEquals("{\"total\":4,\"paths\":{\"/api/catalog/\\\"odd\\\"\":1,\"/api/catalog/1\":2,\"/api/me\":1}}",
                counter.toJson());
    }
}
