package dev.evedmv.ops;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.health.Health;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class MaterializedViewsTest {
    static final long ALICE = 95_000_001L, BOB = 95_000_002L, CAROL = 95_000_003L;

    @Test
    void refreshFillsTheTopListsOnceAtATimeAndHealthSeesTheirAge(TestDatabase db) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<DerivedKillmail> batch = new ArrayList<>();
        // Alice 3 kills in the last week, Bob 1 cheap but recent, Carol 2 kills 20 days ago
        for (int i = 0; i < 3; i++) {
            batch.add(killmail(7000 + i, now.minus(i + 1, ChronoUnit.DAYS).toString())
                    .victim(victim(95_900_000L + i, 98_000_030L, null, 587))
                    .attacker(attacker(ALICE, 98_000_010L, null, 17738, true)).value("1000").build());
        }
        batch.add(killmail(7100, now.minus(2, ChronoUnit.DAYS).toString())
                .victim(victim(95_900_100L, 98_000_030L, null, 587))
                .attacker(attacker(BOB, 98_000_020L, null, 17738, true)).value("9000000").build());
        for (int i = 0; i < 2; i++) {
            batch.add(killmail(7200 + i, now.minus(20 + i, ChronoUnit.DAYS).toString())
                    .victim(victim(95_900_200L + i, 98_000_030L, null, 587))
                    .attacker(attacker(CAROL, 98_000_010L, null, 17738, true)).value("10").build());
        }
        new KillmailWriter(db.database(), Clock.fixed(now, ZoneOffset.UTC)).write(batch, "test",
                KillmailWriter.InTransaction.NOTHING);
        MaterializedViews views = new MaterializedViews(db.database());
        TopLists top = new TopLists(db.database());
        assertThat(top.fromView(1, TopLists.Window.D7, TopLists.By.KILLS, 10)).as("not refreshed yet").isEmpty();

        try (Handle other = db.jdbi().open()) {
            other.execute("SELECT pg_advisory_lock(hashtext('evedmv_matview_refresh'))");
            assertThat(views.refresh()).as("another process holds the lock").isFalse();
            other.execute("SELECT pg_advisory_unlock(hashtext('evedmv_matview_refresh'))");
        }
        assertThat(views.refresh()).isTrue();

        assertThat(top.fromView(1, TopLists.Window.D7, TopLists.By.KILLS, 10))
                .extracting(TopLists.Entry::entityId, TopLists.Entry::kills)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ALICE, 3L), org.assertj.core.groups.Tuple.tuple(BOB, 1L));
        assertThat(top.fromView(1, TopLists.Window.D7, TopLists.By.ISK_DESTROYED, 1))
                .extracting(TopLists.Entry::entityId).containsExactly(BOB);
        assertThat(top.fromView(1, TopLists.Window.D30, TopLists.By.KILLS, 10))
                .extracting(TopLists.Entry::entityId).containsExactly(ALICE, CAROL, BOB);
        assertThat(top.fromView(2, TopLists.Window.D30, TopLists.By.KILLS, 1))
                .extracting(TopLists.Entry::entityId, TopLists.Entry::kills)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(98_000_010L, 5L));

        long ranked = db.jdbi().withHandle(h -> h.createQuery("SELECT count(DISTINCT entity_kind) FROM top_ranking_builds")
                .mapTo(Long.class).one());
        assertThat(ranked).as("every kind ranked in the same refresh").isEqualTo(6);

        assertThat(views.check(Duration.ofMinutes(5)).status()).isEqualTo(Health.Status.OK);
        db.jdbi().useHandle(h -> h.execute("UPDATE matview_refreshes SET refreshed_at = now() - interval '16 minutes' "
                + "WHERE view_name = 'top_entities_30d'"));
        Health.Check stale = views.check(Duration.ofMinutes(5));
        assertThat(stale.status()).isEqualTo(Health.Status.WARN);
        assertThat(stale.detail()).contains("top_entities_30d").doesNotContain("top_entities_7d");
    }

    /** A clock whose time the test moves. */
    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void refreshLooksForStaleMonthlyListsOnceADay(TestDatabase db) {
        List<DerivedKillmail> march = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            march.add(killmail(7300 + i, "2026-03-" + (10 + i) + "T12:00:00Z")
                    .victim(victim(95_900_300L + i, 98_000_030L, null, 587))
                    .attacker(attacker(ALICE, 98_000_010L, 99_000_010L, 17738, true)).value("1000").build());
        }
        SettableClock clock = new SettableClock(Instant.parse("2026-04-02T12:00:00Z"));
        new KillmailWriter(db.database(), clock).write(march, "test", KillmailWriter.InTransaction.NOTHING);
        MaterializedViews views = new MaterializedViews(db.database(), clock);
        assertThat(views.refresh()).isTrue();
        assertThat(monthlyBuilds(db)).as("March built for corporations to regions").isEqualTo(5);

        db.jdbi().useHandle(h -> h.execute("DELETE FROM entity_monthly_builds"));
        assertThat(views.refresh()).isTrue();
        assertThat(monthlyBuilds(db)).as("not looked for again the same day").isZero();

        clock.now = Instant.parse("2026-04-03T00:05:00Z");
        assertThat(views.refresh()).isTrue();
        assertThat(monthlyBuilds(db)).as("looked for again the next day").isEqualTo(5);
    }

    private static long monthlyBuilds(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM entity_monthly_builds WHERE month = '2026-03-01'")
                .mapTo(Long.class).one());
    }
}
