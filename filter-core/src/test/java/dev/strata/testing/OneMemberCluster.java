package dev.strata.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class's one Hazelcast member, started before its first test and stopped after its last,
 * and tier-2 map names no other test of the run uses, so no test sees another's entries.
 */
public abstract class OneMemberCluster {
    private static final AtomicInteger MAPS = new AtomicInteger();
    /** The member of the running test class. */
    protected static TestMembers members;

    @BeforeAll
    static void startCluster() {
        members = TestMembers.start(1);
    }

    @AfterAll
    static void stopCluster() {
        members.close();
    }

    /** A map name not used before in this run: {@code prefix-N}. */
    protected static String freshMapName(String prefix) {
        return prefix + "-" + MAPS.incrementAndGet();
    }
}
