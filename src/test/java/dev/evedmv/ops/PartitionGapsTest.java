package dev.evedmv.ops;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** Sparse history: months between killmails that held none are not missing; a month whose rows are gone is. */
@ExtendWith(PostgresExtension.class)
class PartitionGapsTest {
    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aMonthWithoutKillmailsIsNoGapButALostMonthIs(TestDatabase db) {
        PartitionManager pm = new PartitionManager(db.database(), NOV_2026);
        pm.ensureAhead(3);
        new KillmailWriter(db.database(), NOV_2026).write(List.of(
                killmail(7001, "2008-01-06T10:00:00Z").victim(victim(95_000_001L, 98_000_001L, null, 587))
                        .attacker(attacker(95_000_002L, 98_000_002L, null, 587, true)).build(),
                killmail(7002, "2024-07-14T10:00:00Z").victim(victim(95_000_003L, 98_000_001L, null, 587))
                        .attacker(attacker(95_000_002L, 98_000_002L, null, 587, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        assertThat(pm.gaps(3)).as("the sixteen years between the two killmails held none").isEmpty();

        db.jdbi().useHandle(h -> h.execute("DROP TABLE participants_2024_07"));
        assertThat(pm.gaps(3)).as("a month whose killmails are gone").containsExactly("participants 2024-07");
    }
}
