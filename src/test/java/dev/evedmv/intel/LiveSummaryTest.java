package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * A summary kept live gives exactly the answer of entity_summary.sql, for every kind it supports,
 * with and without NPC kills and at several list lengths, after it was read whole and after it
 * was advanced past new killmails on recent days (reading only those) or on earlier days (read
 * whole again). Data: 3,000 generated killmails over 13 days, "today" their last day.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSummaryTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 7, 2);
    private static final java.time.Clock CLOCK = java.time.Clock.fixed(
            TODAY.atTime(23, 59, 59).toInstant(java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC);
    private static final DateRange RANGE = new DateRange(LocalDate.of(2026, 6, 22), TODAY.plusDays(1));
    private static final Duration NEVER_OLD = Duration.ofHours(1);

    private TestDatabase db;
    private IntelQueries intel;
    private long nextKillmailId = 900_000_000L;

    @BeforeAll
    void load(TestDatabase db, @TempDir Path dir) {
        this.db = db;
        this.intel = new IntelQueries(db.database());
        assertThat(GeneratedKillmails.importInto(db, dir, 3_000, 5, LocalDate.of(2026, 6, 20), TODAY)).isEqualTo(3_000);
    }

    /** The busiest three entities of every supported kind, and one of each kind without any data. */
    private List<long[]> entities() {
        List<long[]> out = new ArrayList<>();
        for (EntityKind kind : EntityKind.values()) {
            if (!LiveSummary.supports(kind)) {
                continue;
            }
            db.jdbi().withHandle(h -> h.createQuery("""
                    SELECT entity_id FROM entity_daily WHERE entity_kind = :kind GROUP BY entity_id
                    ORDER BY sum(kills + losses) DESC, entity_id LIMIT 3""").bind("kind", kind.code())
                    .mapTo(Long.class).list()).forEach(id -> out.add(new long[] {kind.code(), id}));
            out.add(new long[] {kind.code(), 12_345});
        }
        return out;
    }

    private String sqlAnswer(EntityKind kind, long id, boolean includeNpc, int limit) {
        return intel.json().write(intel.summary(kind, id, RANGE, includeNpc, limit));
    }

    private IntelQueries.LiveAnswer live(LiveSummary previous, EntityKind kind, long id, boolean includeNpc, int limit) {
        return intel.liveSummary(previous, kind, id, RANGE, includeNpc, limit, TODAY, NEVER_OLD);
    }

    @ParameterizedTest(name = "include_npc={0}")
    @ValueSource(booleans = {false, true})
    void summaryReadWholeIsTheSqlAnswer(boolean includeNpc) {
        List<long[]> entities = entities();
        assertThat(entities).hasSizeGreaterThanOrEqualTo(15);
        for (long[] e : entities) {
            EntityKind kind = EntityKind.fromCode((int) e[0]);
            for (int limit : new int[] {1, 3, 10, 100}) {
                assertThat(intel.json().write(live(null, kind, e[1], includeNpc, limit).summary()))
                        .as("%s %d, limit %d", kind, e[1], limit)
                        .isEqualTo(sqlAnswer(kind, e[1], includeNpc, limit));
            }
        }
    }

    @Test
    void killmailsOnRecentDaysAreAddedWithoutReadingEarlierDaysAgain() {
        Map<String, Object> template = busiestAllianceKill();
        long alliance = ((Number) template.get("alliance")).longValue();
        IntelQueries.LiveAnswer before = live(null, EntityKind.ALLIANCE, alliance, false, 10);
        long region = ((Number) template.get("region")).longValue();
        IntelQueries.LiveAnswer regionBefore = live(null, EntityKind.REGION, region, true, 10);

        write(copyOf(template, TODAY + "T10:15:00Z"), copyOf(template, TODAY.minusDays(1) + "T23:59:59Z"),
                copyOf(template, TODAY + "T00:00:00Z"));

        IntelQueries.LiveAnswer after = live(before.state(), EntityKind.ALLIANCE, alliance, false, 10);
        assertThat(before.state().sharesEarlierDaysWith(after.state())).as("only the recent days were read").isTrue();
        assertThat(after.summary().kills()).isGreaterThan(before.summary().kills());
        for (int limit : new int[] {1, 3, 10, 100}) {
            assertThat(intel.json().write(live(before.state(), EntityKind.ALLIANCE, alliance, false, limit).summary()))
                    .as("limit %d", limit).isEqualTo(sqlAnswer(EntityKind.ALLIANCE, alliance, false, limit));
        }
        IntelQueries.LiveAnswer regionAfter = live(regionBefore.state(), EntityKind.REGION, region, true, 10);
        assertThat(regionBefore.state().sharesEarlierDaysWith(regionAfter.state())).isTrue();
        assertThat(intel.json().write(regionAfter.summary())).isEqualTo(sqlAnswer(EntityKind.REGION, region, true, 10));
    }

    @Test
    void aKillmailOnAnEarlierDayMakesTheSummaryReadWholeAgain() {
        Map<String, Object> template = busiestAllianceKill();
        long alliance = ((Number) template.get("alliance")).longValue();
        IntelQueries.LiveAnswer before = live(null, EntityKind.ALLIANCE, alliance, false, 10);

        write(copyOf(template, "2026-06-25T12:00:00Z"));

        IntelQueries.LiveAnswer after = live(before.state(), EntityKind.ALLIANCE, alliance, false, 10);
        assertThat(before.state().sharesEarlierDaysWith(after.state())).as("read whole again").isFalse();
        assertThat(after.summary().kills()).isEqualTo(before.summary().kills() + 1);
        assertThat(intel.json().write(after.summary())).isEqualTo(sqlAnswer(EntityKind.ALLIANCE, alliance, false, 10));
    }

    @Test
    void aSummaryOlderThanItsMaximumAgeIsReadWholeAgain() {
        Map<String, Object> template = busiestAllianceKill();
        long system = ((Number) template.get("system")).longValue();
        IntelQueries.LiveAnswer before = live(null, EntityKind.SYSTEM, system, false, 10);
        IntelQueries.LiveAnswer after = intel.liveSummary(before.state(), EntityKind.SYSTEM, system, RANGE, false, 10,
                TODAY, Duration.ZERO);
        assertThat(before.state().sharesEarlierDaysWith(after.state())).isFalse();
        assertThat(intel.json().write(after.summary())).isEqualTo(sqlAnswer(EntityKind.SYSTEM, system, false, 10));
    }

    private Map<String, Object> busiestAllianceKill() {
        return KillmailTemplates.busiestAllianceKill(db);
    }

    private DerivedKillmail copyOf(Map<String, Object> template, String time) {
        return KillmailTemplates.copyOf(template, nextKillmailId++, time);
    }

    private void write(DerivedKillmail... killmails) {
        KillmailTemplates.write(db, CLOCK, killmails);
    }
}
