package dev.strata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import org.junit.jupiter.api.Test;

class StrataMemberConfigTest {

    @Test
    void tier2IsBoundedPerMemberWithLruOnUsedHeap() {
        MapConfig map = StrataMemberConfig.tier2MapConfig("t2", 128);
        assertEquals(0, map.getBackupCount());
        assertEquals(1, map.getAsyncBackupCount());
        assertEquals(true, map.isReadBackupData());
        assertEquals(EvictionPolicy.LRU, map.getEvictionConfig().getEvictionPolicy());
        assertEquals(MaxSizePolicy.USED_HEAP_SIZE, map.getEvictionConfig().getMaxSizePolicy());
        assertEquals(128, map.getEvictionConfig().getSize());
        assertEquals(EvictionPolicy.NONE, StrataMemberConfig.tier2MapConfig("t2", 0).getEvictionConfig()
                .getEvictionPolicy());
        assertThrows(IllegalArgumentException.class, () -> StrataMemberConfig.tier2MapConfig("t2", -1));
    }

    @Test
    void theBackupTimeoutIsShortUnlessTheOperatorSetOne() {
        assertEquals("500", StrataMemberConfig.applyProperties(new Config())
                .getProperty("hazelcast.operation.backup.timeout.millis"));
        Config own = new Config().setProperty("hazelcast.operation.backup.timeout.millis", "2000");
        assertEquals("2000", StrataMemberConfig.applyProperties(own).getProperty("hazelcast.operation.backup.timeout.millis"));
    }

    @Test
    void applyAddsTheThreeMapsAndKeepsWhatTheOperatorDeclared() {
        Config config = new Config();
        MapConfig own = new MapConfig("t2.leases").setBackupCount(2);
        config.addMapConfig(own);
        StrataMemberConfig.apply(config, "t2", 64);
        assertEquals(64, config.getMapConfig("t2").getEvictionConfig().getSize());
        assertSame(own, config.getMapConfigOrNull("t2.leases"));
        assertEquals(1, config.getMapConfigOrNull("t2.versions").getBackupCount());
        assertEquals(EvictionPolicy.NONE, config.getMapConfigOrNull("t2.versions").getEvictionConfig()
                .getEvictionPolicy(), "the version counter is never evicted");
    }
}
