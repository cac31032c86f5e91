package dev.strata.internal.purge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.Headers;
import dev.strata.internal.key.KeyBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PurgeRecordsTest {
    private static final long DAY = 86_400_000L;
    private static final String KEY = KeyBuilder.primary(3, "http", "Shop.Example", 8080, "/api/p/1", "a=1").full();

    private static CachedResponse entry(String key, long seq, long storedAt, String... tags) {
        return new CachedResponse(key, 200, Headers.of(), new byte[0], storedAt, 0, storedAt + 60_000, 3,
                new String[0], new String[0], 30_000, 0, tags, seq);
    }

    @Test
    void idsOfAKeyMatchTheIdsOfItsUrlAndPath() {
        String[] ids = PurgeIds.ofKey(KEY);
        assertEquals(PurgeIds.url("HTTP", "shop.example", 8080, "/api/p/1", "a=1"), ids[0]);
        assertEquals(PurgeIds.path("/api/p/1", "a=1"), ids[1]);
        assertEquals(ids[0], PurgeIds.ofUrl("http://shop.example:8080/api/p/1?a=1", UnaryOperator.identity()));
        assertEquals(ids[1], PurgeIds.ofUrl("/api/p/1?a=1", UnaryOperator.identity()));
        // the variant key, keyed fields and interceptor components come after the query: same ids
        String variant = KeyBuilder.variant(KeyBuilder.primary(3, "http", "shop.example", 8080, "/api/p/1", "a=1",
                new String[] {"x-forwarded-host"}, new String[] {"h"}), new String[] {"accept"}, new String[] {"x"})
                .full() + "|x|6:tenant|1:t";
        assertArrayEquals(ids, PurgeIds.ofKey(variant));
        assertEquals(PurgeIds.url("http", "shop.example", 80, "/", null),
                PurgeIds.ofUrl("http://shop.example", UnaryOperator.identity()));
        assertEquals(PurgeIds.url("https", "shop.example", 443, "/x", null),
                PurgeIds.ofUrl("https://shop.example/x", UnaryOperator.identity()));
    }

    @Test
    void urlsThatAreNeitherAbsoluteNorPathsAreRefused() {
        for (String bad : new String[] {"", "api/x", "ftp://h/x", "http:///x", "/x#frag", "http://h/x y"}) {
            assertThrows(IllegalArgumentException.class, () -> PurgeIds.ofUrl(bad, UnaryOperator.identity()), bad);
        }
        assertEquals(0, PurgeIds.ofKey("not a key").length);
        assertEquals(0, PurgeIds.ofKey("strata1|9:short").length);
    }

    @Test
    void aHardMarkPurgesWhatWasFetchedBeforeIt() {
        PurgeRecords records = new PurgeRecords(DAY);
        CachedResponse before = entry(KEY, 4, 1000, "t1");
        records.apply(PurgeIds.tag("t1"), PurgeRecords.hard(5, 2000));
        records.advance(5);
        assertNull(records.admit(before, 3000));
        CachedResponse after = entry(KEY, 5, 2500, "t1");
        assertSame(after, records.admit(after, 3000), "fetched after the purge");
        CachedResponse otherTag = entry(KEY, 4, 1000, "t2");
        assertSame(otherTag, records.admit(otherTag, 3000));
        assertEquals(5, records.stamp());
    }

    @Test
    void urlPathAndEverythingMarksReachEveryEntryOfTheirScope() {
        PurgeRecords records = new PurgeRecords(DAY);
        records.apply(PurgeIds.path("/api/p/1", "a=1"), PurgeRecords.hard(2, 0));
        assertNull(records.admit(entry(KEY, 1, 0), 1));
        PurgeRecords all = new PurgeRecords(DAY);
        all.apply(PurgeIds.ALL, PurgeRecords.hard(2, 0));
        assertNull(all.admit(entry(KEY, 1, 0), 1));
        PurgeRecords otherHost = new PurgeRecords(DAY);
        otherHost.apply(PurgeIds.url("http", "elsewhere", 8080, "/api/p/1", "a=1"), PurgeRecords.hard(2, 0));
        CachedResponse e = entry(KEY, 1, 0);
        assertSame(e, otherHost.admit(e, 1));
    }

    @Test
    void aSoftMarkEndsFreshnessAtThePurgeButKeepsTheStaleWindows() {
        PurgeRecords records = new PurgeRecords(DAY);
        CachedResponse e = entry(KEY, 1, 1000, "t");
        records.apply(PurgeIds.tag("t"), PurgeRecords.soft(2, 5000));
        CachedResponse marked = records.admit(e, 6000);
        assertEquals(5000, marked.expiresAt());
        assertFalse(marked.freshAt(6000));
        assertTrue(marked.revalidatableAt(6000), "within its 30 s stale-while-revalidate window from the purge");
        // a later hard mark wins
        records.apply(PurgeIds.tag("t"), PurgeRecords.hard(3, 7000));
        assertNull(records.admit(e, 8000));
    }

    @Test
    void marksMergeByTheNewerValueInAnyOrder() {
        long[] a = PurgeRecords.merge(PurgeRecords.soft(4, 40), PurgeRecords.hard(3, 30));
        long[] b = PurgeRecords.merge(PurgeRecords.hard(3, 30), PurgeRecords.soft(4, 40));
        assertArrayEquals(a, b);
        assertArrayEquals(new long[] {3, 4, 40, 40}, a);
        assertArrayEquals(new long[] {3, 4, 40, 40}, PurgeRecords.merge(a, PurgeRecords.soft(2, 20)));
    }

    @Test
    void responsesOlderThanTheRetentionAreNeverServedAndOldRecordsGo() {
        PurgeRecords records = new PurgeRecords(DAY);
        CachedResponse old = entry(KEY, 9, 0);
        assertNull(records.admit(old, DAY + 1), "its purge record may have expired");
        records.apply(PurgeIds.tag("t"), PurgeRecords.hard(1, 0));
        assertEquals(1, records.size());
        records.expire(DAY + 1);
        assertEquals(0, records.size());
    }
}
