package dev.strata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.InitParam;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static Settings parse(String... namesAndValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Settings.parse(m);
    }

    private static IllegalArgumentException fails(String name, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(name, value),
                name + "=" + value);
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        return e;
    }

    @Test
    void defaults() {
        Settings s = Settings.parse(Map.of());
        assertEquals(64L << 20, s.tier1MaxBytes());
        assertEquals(128, s.tier1HeapEntries());
        assertEquals(Duration.ofMinutes(10), s.tier1MaxTtl());
        assertEquals("strata-responses", s.tier2Map());
        assertEquals("", s.hazelcastConfig());
        assertEquals("", s.hazelcastInstance());
        assertEquals(Duration.ofDays(1), s.tier2MaxTtl());
        assertEquals(Duration.ofMillis(100), s.tier2Timeout());
        assertEquals(5, s.circuitFailureThreshold());
        assertEquals(Duration.ofSeconds(5), s.circuitOpenDuration());
        assertEquals(Duration.ZERO, s.defaultTtl());
        assertEquals(1L << 20, s.maxEntryBytes());
        assertEquals(1000, s.writeQueueCapacity());
        assertTrue(s.paths().cached("/anything"));
        assertEquals(Set.of(200, 203, 204, 300, 301, 308), s.cacheableStatuses());
        assertFalse(s.cacheableStatuses().contains(404));
        assertFalse(s.cacheableStatuses().contains(500));
        assertFalse(s.cacheableStatuses().contains(206));
        assertFalse(s.cacheableStatuses().contains(304));
        assertFalse(s.storeAuthorized());
        assertEquals(Set.of("JSESSIONID"), s.bypassCookies());
        assertTrue(s.statusHeaders());
        assertEquals(List.of("X-Forwarded-Host", "X-Forwarded-Scheme", "X-Forwarded-Proto", "X-Forwarded-Port",
                "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Forwarded-Ssl", "X-Host", "X-HTTP-Host-Override",
                "X-Original-URL", "X-Rewrite-URL", "Forwarded"), s.keyedHeaders());
        assertEquals(List.of(), s.allowedHosts());
        assertEquals(List.of(), s.ignoredQueryParams());
        assertFalse(s.sortQueryParams());
        assertTrue(s.heuristicFreshness());
        assertEquals(Duration.ofHours(1), s.staleRetention());
        assertEquals(Duration.ofSeconds(1), s.forcedRefreshInterval());
        assertEquals(32, s.maxVariantsPerUrl());
        assertFalse(s.debugHeaders());
        assertTrue(s.tier1Enabled());
        assertFalse(s.tier2Enabled());
        assertEquals("auto", s.coordinator());
        assertEquals(Duration.ofSeconds(5), s.coalesceTimeout());
        assertEquals(Duration.ofSeconds(10), s.writeLease());
        assertEquals(Duration.ofSeconds(1), s.minWriteInterval());
        assertEquals(Duration.ZERO, s.staleWhileRevalidate());
        assertEquals(256, s.cpLockStripes());
    }

    @Test
    void coordinatorMustBeKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("coordinator", "raft"));
        assertTrue(e.getMessage().contains("'coordinator'"), e.getMessage());
    }

    @Test
    void everyInitParamHasAParsableDefault() {
        Map<String, String> all = new HashMap<>();
        for (InitParam p : InitParam.values()) {
            all.put(p.paramName(), p.defaultValue());
        }
        Settings explicit = Settings.parse(all);
        Settings defaults = Settings.parse(Map.of());
        assertEquals(defaults, explicit);
    }

    @Test
    void unknownNameFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("tier1MaxByte", "1m"));
        assertTrue(e.getMessage().contains("'tier1MaxByte'"), e.getMessage());
        // names are case-sensitive
        assertThrows(IllegalArgumentException.class, () -> parse("TIER1MAXBYTES", "1m"));
    }

    @Test
    void sizeSyntax() {
        assertEquals(1L << 20, parse("tier1MaxBytes", "1m").tier1MaxBytes());
        assertEquals(1L << 20, parse("tier1MaxBytes", "1M").tier1MaxBytes());
        assertEquals(1L << 20, parse("tier1MaxBytes", "1mb").tier1MaxBytes());
        assertEquals(1L << 20, parse("tier1MaxBytes", "1024k").tier1MaxBytes());
        assertEquals(1L << 20, parse("tier1MaxBytes", " 1048576 ").tier1MaxBytes());
        assertEquals(2L << 30, parse("tier1MaxBytes", "2g").tier1MaxBytes());
        assertEquals(512L << 20, parse("tier1MaxBytes", "512 m").tier1MaxBytes());
        assertEquals(100, parse("maxEntryBytes", "100").maxEntryBytes());
        assertEquals(64L << 10, parse("maxEntryBytes", "64k").maxEntryBytes());
    }

    @Test
    void malformedSizesNameTheParameter() {
        for (String bad : new String[] {"", "m", "1.5m", "-1m", "1t", "ten", "99999999999g", "1 000"}) {
            fails("tier1MaxBytes", bad);
            fails("maxEntryBytes", bad);
        }
    }

    @Test
    void tier1MaxBytesZeroTurnsTier1Off() {
        Settings s = parse("tier1MaxBytes", "0");
        assertEquals(0, s.tier1MaxBytes());
        assertFalse(s.tier1Enabled());
    }

    @Test
    void tier1MaxBytesBelowOneMebibyteFails() {
        IllegalArgumentException e = fails("tier1MaxBytes", "1023k");
        assertTrue(e.getMessage().contains("1m"), e.getMessage());
        fails("tier1MaxBytes", "1");
        fails("tier1MaxBytes", String.valueOf((1 << 20) - 1));
        assertEquals(1 << 20, parse("tier1MaxBytes", String.valueOf(1 << 20)).tier1MaxBytes());
    }

    @Test
    void maxEntryBytesBounds() {
        fails("maxEntryBytes", "0");
        fails("maxEntryBytes", "2g");
        assertEquals(1, parse("maxEntryBytes", "1").maxEntryBytes());
    }

    @Test
    void durationSyntax() {
        assertEquals(Duration.ofMillis(250), parse("tier2Timeout", "250ms").tier2Timeout());
        assertEquals(Duration.ofSeconds(30), parse("tier1MaxTtl", "30s").tier1MaxTtl());
        assertEquals(Duration.ofMinutes(2), parse("tier1MaxTtl", "2m").tier1MaxTtl());
        assertEquals(Duration.ofHours(3), parse("tier2MaxTtl", "3h").tier2MaxTtl());
        assertEquals(Duration.ofDays(7), parse("tier2MaxTtl", "7d").tier2MaxTtl());
        assertEquals(Duration.ofSeconds(10), parse("circuitOpenDuration", " 10 S ").circuitOpenDuration());
        assertEquals(Duration.ZERO, parse("defaultTtl", "0").defaultTtl());
        assertEquals(Duration.ZERO, parse("defaultTtl", "0s").defaultTtl());
        assertEquals(Duration.ofMinutes(5), parse("defaultTtl", "5m").defaultTtl());
    }

    @Test
    void malformedDurationsNameTheParameter() {
        String[] durations = {"tier1MaxTtl", "tier2MaxTtl", "tier2Timeout", "circuitOpenDuration", "defaultTtl"};
        for (String name : durations) {
            for (String bad : new String[] {"", "10", "s", "1.5s", "-1s", "10 minutes", "10w", "ms10",
                "99999999999999999999s", "9999999999999999d"}) {
                fails(name, bad);
            }
        }
    }

    @Test
    void zeroIsRejectedWherePositiveIsRequired() {
        for (String name : new String[] {"tier1MaxTtl", "tier2MaxTtl", "tier2Timeout", "circuitOpenDuration"}) {
            fails(name, "0");
            fails(name, "0ms");
        }
    }

    @Test
    void positiveIntegers() {
        assertEquals(3, parse("circuitFailureThreshold", "3").circuitFailureThreshold());
        assertEquals(16, parse("tier1HeapEntries", " 16 ").tier1HeapEntries());
        assertEquals(1, parse("writeQueueCapacity", "1").writeQueueCapacity());
        for (String name : new String[] {"tier1HeapEntries", "circuitFailureThreshold", "writeQueueCapacity"}) {
            for (String bad : new String[] {"0", "-1", "", "x", "1.0", "99999999999"}) {
                fails(name, bad);
            }
        }
    }

    @Test
    void booleans() {
        assertTrue(parse("storeAuthorized", "TRUE").storeAuthorized());
        assertFalse(parse("statusHeaders", " false ").statusHeaders());
        for (String bad : new String[] {"", "yes", "1", "on"}) {
            fails("storeAuthorized", bad);
            fails("statusHeaders", bad);
        }
    }

    @Test
    void statuses() {
        assertEquals(Set.of(200, 404), parse("cacheableStatuses", " 200, 404 ,").cacheableStatuses());
        for (String bad : new String[] {"200,abc", "206", "304", "199", "600", "100", "2OO", "200-600", "300-200",
            "199-200", "2x0-300"}) {
            fails("cacheableStatuses", bad);
        }
    }

    @Test
    void statusRangesSkipPartialContentAndNotModified() {
        assertEquals(Set.of(200, 201, 202, 203, 204, 205, 207), parse("cacheableStatuses", "200-205, 206-207")
                .cacheableStatuses());
        assertEquals(Set.of(301, 302, 303, 305, 404), parse("cacheableStatuses", "301-305,404").cacheableStatuses());
    }

    @Test
    void httpSemanticsParams() {
        Settings s = parse("heuristicFreshness", "false", "staleRetention", "0", "forcedRefreshInterval", "250ms",
                "maxVariantsPerUrl", "4", "debugHeaders", "true");
        assertFalse(s.heuristicFreshness());
        assertEquals(Duration.ZERO, s.staleRetention());
        assertEquals(Duration.ofMillis(250), s.forcedRefreshInterval());
        assertEquals(4, s.maxVariantsPerUrl());
        assertTrue(s.debugHeaders());
        fails("heuristicFreshness", "10%");
        fails("staleRetention", "1 hour");
        fails("forcedRefreshInterval", "-1s");
        fails("maxVariantsPerUrl", "0");
        fails("maxVariantsPerUrl", "many");
        fails("debugHeaders", "on");
    }

    @Test
    void paths() {
        Settings s = parse("includePaths", "/static/*, *.css", "excludePaths", "/static/private/*");
        assertTrue(s.paths().cached("/static/a.js"));
        assertTrue(s.paths().cached("/x/site.css"));
        assertFalse(s.paths().cached("/static/private/a.js"));
        assertFalse(s.paths().cached("/api"));
        fails("includePaths", "static/*");
        fails("excludePaths", "/a*b");
    }

    @Test
    void bypassCookies() {
        assertEquals(Set.of("SESSION", "remember-me"), parse("bypassCookies", "SESSION , remember-me").bypassCookies());
        assertEquals(Set.of(), parse("bypassCookies", "").bypassCookies());
    }

    @Test
    void tier2MapMustNotBeEmpty() {
        fails("tier2Map", "  ");
        assertEquals("m", parse("tier2Map", " m ").tier2Map());
    }

    @Test
    void hazelcastConfigOrInstanceEnablesTier2() {
        assertTrue(parse("hazelcastConfig", "classpath:hz.yaml").tier2Enabled());
        assertTrue(parse("hazelcastInstance", "node-1").tier2Enabled());
        assertFalse(parse("hazelcastInstance", "  ").tier2Enabled());
    }

    @Test
    void clientConfigEnablesTier2AndExcludesTheOtherSources() {
        Settings s = parse("hazelcastClientConfig", " classpath:hazelcast-client.yaml ");
        assertTrue(s.tier2Enabled());
        assertEquals("classpath:hazelcast-client.yaml", s.hazelcastClientConfig());
        for (String other : List.of("hazelcastConfig", "hazelcastInstance")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parse("hazelcastClientConfig", "client.yaml", other, "x"));
            assertTrue(e.getMessage().contains("'hazelcastClientConfig'"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + other + "'"), e.getMessage());
        }
    }

    @Test
    void tier2MaxSizeMb() {
        assertEquals(256, Settings.parse(Map.of()).tier2MaxSizeMb());
        assertEquals(0, parse("tier2MaxSizeMb", "0").tier2MaxSizeMb());
        assertEquals(1024, parse("tier2MaxSizeMb", " 1024 ").tier2MaxSizeMb());
        fails("tier2MaxSizeMb", "-1");
        fails("tier2MaxSizeMb", "64m");
        fails("tier2MaxSizeMb", "");
    }

    @Test
    void hazelcastConfigAndInstanceExcludeEachOther() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("hazelcastConfig", "hz.yaml", "hazelcastInstance", "node-1"));
        assertTrue(e.getMessage().contains("'hazelcastConfig'"), e.getMessage());
        assertTrue(e.getMessage().contains("'hazelcastInstance'"), e.getMessage());
    }

    @Test
    void nullValueReadsAsEmpty() {
        Map<String, String> m = new HashMap<>();
        m.put("excludePaths", null);
        assertTrue(Settings.parse(m).paths().cached("/a"));
        m.put("tier2Timeout", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.parse(m));
        assertTrue(e.getMessage().contains("'tier2Timeout'"), e.getMessage());
    }

    @Test
    void keyedHeaders() {
        assertEquals(List.of("X-Tenant", "X-Forwarded-Host"),
                parse("keyedHeaders", " X-Tenant , X-Forwarded-Host").keyedHeaders());
        assertEquals(List.of(), parse("keyedHeaders", "").keyedHeaders());
        for (String bad : new String[] {"X Forwarded", "X-Host:", "a,b(c)", "Cookie", "authorization"}) {
            fails("keyedHeaders", bad);
        }
    }

    @Test
    void allowedHosts() {
        assertEquals(List.of("shop.example", "*.cdn.example", "[::1]"),
                parse("allowedHosts", "shop.example, *.cdn.example, [::1]").allowedHosts());
        for (String bad : new String[] {"shop.example:8080", "http://shop.example", "*", "*.", "a..b", "sh op",
            "[::g]", "*shop.example"}) {
            fails("allowedHosts", bad);
        }
    }

    @Test
    void ignoredQueryParams() {
        assertEquals(List.of("utm_*", "fbclid"), parse("ignoredQueryParams", "utm_*, fbclid").ignoredQueryParams());
        for (String bad : new String[] {"*", "a=b", "utm_*x", "a%20b", "a;b", "a&b"}) {
            fails("ignoredQueryParams", bad);
        }
    }

    @Test
    void securityBooleans() {
        assertTrue(parse("sortQueryParams", "true").sortQueryParams());
        assertTrue(parse("debugHeaders", "true").debugHeaders());
        fails("sortQueryParams", "yes");
        fails("debugHeaders", "1");
    }

    @Test
    void purgeAndAdminDefaults() {
        Settings s = parse();
        assertEquals(List.of("Surrogate-Key", "Cache-Tag"), s.tagHeaders());
        assertTrue(s.stripTagHeaders());
        assertEquals(Duration.ofDays(7), s.purgeRecordTtl());
        assertEquals("", s.adminPath());
        assertEquals(null, s.adminToken());
        assertEquals(List.of(), s.interceptors());
        assertTrue(s.discoverInterceptors());
        assertEquals("auto", s.metrics());
        assertTrue(s.jmx());
    }

    @Test
    void theAdminEndpointNeedsExactlyOneToken() {
        Settings on = parse("adminPath", "/_strata", "adminToken", "s3cret-s3cret-s3cret");
        assertEquals("/_strata", on.adminPath());
        assertTrue(on.adminToken().matches("s3cret-s3cret-s3cret"));
        assertFalse(on.adminToken().matches("s3cret"));
        assertFalse(on.toString().contains("s3cret"), "the token never shows in the settings' text");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> parse("adminPath", "/_strata"));
        assertTrue(none.getMessage().contains("'adminToken'"), none.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> parse("adminPath", "/x",
                "adminToken", "a", "adminTokenEnv", "B"));
        assertTrue(both.getMessage().contains("exclude each other"), both.getMessage());
        assertTrue(fails("adminToken", "orphan").getMessage().contains("adminPath"));
        fails("adminTokenEnv", "ORPHAN");
        IllegalArgumentException spaced = assertThrows(IllegalArgumentException.class, () -> parse("adminPath", "/x",
                "adminToken", "two words"));
        assertTrue(spaced.getMessage().contains("'adminToken'") && !spaced.getMessage().contains("two words"),
                spaced.getMessage());
    }

    @Test
    void theAdminTokenCanComeFromTheEnvironment() {
        Map<String, String> params = Map.of("adminPath", "/_strata", "adminTokenEnv", "STRATA_TOKEN");
        Settings s = Settings.parse(params, name -> name.equals("STRATA_TOKEN") ? "from-env-token" : null);
        assertTrue(s.adminToken().matches("from-env-token"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Settings.parse(params, name -> null));
        assertTrue(missing.getMessage().contains("'adminTokenEnv'") && missing.getMessage().contains("STRATA_TOKEN"),
                missing.getMessage());
    }

    @Test
    void adminPathsAreStrict() {
        for (String bad : new String[] {"_strata", "/", "/_strata/", "/_strata/*", "/a b", "/a?b", "/a%2f"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parse("adminPath", bad, "adminToken", "t"), bad);
            assertTrue(e.getMessage().contains("'adminPath'"), e.getMessage());
        }
    }

    @Test
    void purgeRecordsOutliveTier2Entries() {
        fails("purgeRecordTtl", "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("purgeRecordTtl", "1h", "tier2MaxTtl", "2h"));
        assertTrue(e.getMessage().contains("'purgeRecordTtl'"), e.getMessage());
        assertEquals(Duration.ofHours(2), parse("purgeRecordTtl", "2h", "tier2MaxTtl", "2h").purgeRecordTtl());
    }

    @Test
    void tagHeadersInterceptorsAndMetricsAreChecked() {
        fails("tagHeaders", "Surrogate Key");
        assertEquals(List.of(), parse("tagHeaders", "").tagHeaders());
        fails("interceptors", "not a class");
        fails("interceptors", "com..Broken");
        assertEquals(List.of("a.B", "c.D$E"), parse("interceptors", "a.B, c.D$E").interceptors());
        fails("metrics", "sometimes");
        assertEquals("com.example.Registry", parse("metrics", "com.example.Registry").metrics());
        fails("jmx", "on");
        fails("stripTagHeaders", "yes");
        fails("discoverInterceptors", "maybe");
    }
}
