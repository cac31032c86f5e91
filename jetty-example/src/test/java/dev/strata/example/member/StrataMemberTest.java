package dev.strata.example.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StrataMemberTest {

    @Test
    void flags() {
        StrataMember.Options o = StrataMember.parse("--cluster-port", "5701", "--members",
                "127.0.0.1:5701, 127.0.0.1:5702", "--tier2-max-size-mb=64", "--tier2-map", "t2");
        assertEquals(new StrataMember.Options(5701, List.of("127.0.0.1:5701", "127.0.0.1:5702"), "t2", 64), o);
        assertEquals(256, StrataMember.parse("--cluster-port", "5701").tier2MaxSizeMb());
    }

    @Test
    void usageErrors() {
        for (String[] args : List.of(new String[] {}, new String[] {"--cluster-port"},
                new String[] {"--cluster-port", "0"}, new String[] {"--cluster-port", "1", "--members", "x"},
                new String[] {"--cluster-port", "1", "--tier2-max-size-mb", "-1"},
                new String[] {"--cluster-port", "1", "--bogus", "1"})) {
            assertThrows(IllegalArgumentException.class, () -> StrataMember.parse(args), String.join(" ", args));
        }
    }
}
