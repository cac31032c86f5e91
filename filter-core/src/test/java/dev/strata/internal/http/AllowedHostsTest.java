package dev.strata.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
    private final AllowedHosts hosts = new AllowedHosts(List.of("Shop.Example", "*.cdn.example", "[::1]"));

    @Test
    void emptyListAllowsEveryHost() {
        AllowedHosts any = new AllowedHosts(List.of());
        assertTrue(any.allows("anything.example"));
        assertTrue(any.allows(null));
    }

    @Test
    void exactNamesIgnoreCase() {
        assertTrue(hosts.allows("shop.example"));
        assertTrue(hosts.allows("SHOP.example"));
        assertFalse(hosts.allows("shop.example.evil"));
        assertFalse(hosts.allows("evilshop.example"));
        assertFalse(hosts.allows("sub.shop.example"));
        assertFalse(hosts.allows(null));
        assertFalse(hosts.allows(""));
    }

    @Test
    void wildcardsMatchSubdomainsOnly() {
        assertTrue(hosts.allows("a.cdn.example"));
        assertTrue(hosts.allows("a.b.cdn.example"));
        assertFalse(hosts.allows("cdn.example"));
        assertFalse(hosts.allows("evilcdn.example"));
        assertFalse(hosts.allows(".cdn.example"));
    }

    @Test
    void ipv6Literals() {
        assertTrue(hosts.allows("[::1]"));
        assertFalse(hosts.allows("::1"));
    }

    @Test
    void malformedNamesAreRefused() {
        for (String bad : List.of("shop.example:80", "*", "*.", "a..b", ".a", "a.", "sh op", "[]", "[::g]", "a/b")) {
            assertThrows(IllegalArgumentException.class, () -> new AllowedHosts(List.of(bad)), bad);
        }
    }
}
