package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.db.Migrations;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * {@code entity_daily.killmail_ids} serves what the participants of each entity served before: every page of every
 * activity list of characters, corporations, alliances and ship types, both sides, with and without NPC kills, is
 * the scan of participants it replaced; affiliations are the entity's newest participant row; and the migration that
 * fills the column for an existing database lists what ingest writes. Data: 2,000 generated killmails over 10 days.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DailyKillmailIdsTest {
    private static final LocalDate FROM = LocalDate.of(2026, 3, 1);
    private static final LocalDate TO = LocalDate.of(2026, 3, 11);
    private static final List<EntityKind> LISTED =
            List.of(EntityKind.CHARACTER, EntityKind.CORPORATION, EntityKind.ALLIANCE, EntityKind.SHIP);

    private TestDatabase db;
    private IntelQueries intel;

    @BeforeAll
    void load(TestDatabase db, @TempDir Path dir) {
        this.db = db;
        this.intel = new IntelQueries(db.database());
        assertThat(GeneratedKillmails.importInto(db, dir, 2_000, 11, FROM, TO)).isEqualTo(2_000);
    }

    @Test
    void everyActivityPageIsTheScanOfParticipants() {
        int compared = 0;
        for (EntityKind kind : LISTED) {
            List<Long> ids = byParticipantRows(kind);
            assertThat(ids).as(kind + "s").hasSizeGreaterThan(4);
            for (long id : List.of(ids.get(0), ids.get(3), ids.get(ids.size() / 2), ids.get(ids.size() - 1))) {
                for (IntelQueries.Side side : IntelQueries.Side.values()) {
                    for (boolean npc : new boolean[] {false, true}) {
                        List<String> paged = new ArrayList<>();
                        ActivityCursor cursor = ActivityCursor.START;
                        while (cursor != null) {
                            ActivityPage page = intel.activity(kind, id, side, cursor, npc, 7);
                            page.items().forEach(r -> paged.add(r.killmailId() + " " + r.killmailTime()));
                            cursor = page.next() == null ? null : ActivityCursor.decode(page.next());
                        }
                        assertThat(paged).as("%s %d %s npc %s", kind, id, side, npc)
                                .isEqualTo(scanOfParticipants(kind, id, side == IntelQueries.Side.LOSSES, npc));
                        compared += paged.size();
                    }
                }
            }
        }
        assertThat(compared).as("killmails compared").isGreaterThan(2_000);
    }

    @Test
    void anAffiliationIsTheNewestParticipantRow() {
        DateRange range = new DateRange(FROM, TO.plusDays(1));
        for (EntityKind kind : List.of(EntityKind.CHARACTER, EntityKind.CORPORATION)) {
            List<Long> ids = byParticipantRows(kind);
            for (long id : ids.subList(0, 15)) {
                EntitySummary.Affiliation a = intel.summary(kind, id, range, false, 10).affiliation();
                String column = kind == EntityKind.CHARACTER ? "character_id" : "corporation_id";
                String newest = db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT concat_ws(' ', corporation_id, alliance_id, extract(epoch FROM killmail_time)::bigint)
                        FROM participants WHERE %1$s = :id
                        ORDER BY killmail_time DESC, killmail_id DESC, slot LIMIT 1""".formatted(column))
                        .bind("id", id).mapTo(String.class).one());
                long corporation = kind == EntityKind.CHARACTER ? a.corporationId() : id;
                String got = corporation + (a.allianceId() == null ? "" : " " + a.allianceId()) + " "
                        + a.asOf().getEpochSecond();
                assertThat(got).as("%s %d", kind, id).isEqualTo(newest);
            }
        }
    }

    @Test
    void theMigrationListsWhatIngestWrote() {
        String snapshot = """
                SELECT entity_kind || ' ' || entity_id || ' ' || day || ' ' || npc || ' ' || killmail_ids
                FROM entity_daily ORDER BY entity_kind, entity_id, day, npc""";
        List<String> written = db.jdbi().withHandle(h -> h.createQuery(snapshot).mapTo(String.class).list());
        assertThat(written).filteredOn(r -> r.contains(":3")).as("killmails an entity took both sides of").isNotEmpty();
        assertThat(written).filteredOn(r -> r.contains(":2")).as("losses").hasSizeGreaterThan(500);

        Migrations migrations = new Migrations(db.database());
        List<String> applied = migrations.status().applied();
        int since034 = applied.size() - applied.indexOf("034-daily-killmail-ids"); // the changesets from it on
        assertThat(applied).contains("034-daily-killmail-ids");
        assertThat(migrations.rollback(since034)).isEqualTo(since034);
        int columns = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM information_schema.columns
                WHERE table_name = 'entity_daily' AND column_name = 'killmail_ids'""").mapTo(Integer.class).one());
        assertThat(columns).as("killmail_ids after the rollback").isZero();
        migrations.migrate();
        List<String> migrated = db.jdbi().withHandle(h -> h.createQuery(snapshot).mapTo(String.class).list());
        assertThat(migrated).isEqualTo(written);
    }

    private List<Long> byParticipantRows(EntityKind kind) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT %1$s FROM participants WHERE %1$s IS NOT NULL
                GROUP BY 1 ORDER BY count(*) DESC, 1""".formatted(column(kind))).mapTo(Long.class).list());
    }

    /** The query the activity lists ran over participants before entity_daily listed the killmails. */
    private List<String> scanOfParticipants(EntityKind kind, long id, boolean losses, boolean includeNpc) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT DISTINCT killmail_id, killmail_time FROM participants
                WHERE %1$s = :id AND is_victim = :losses AND (NOT is_npc OR :include_npc)
                ORDER BY killmail_time DESC, killmail_id DESC""".formatted(column(kind)))
                .bind("id", id).bind("losses", losses).bind("include_npc", includeNpc)
                .map((rs, ctx) -> rs.getLong(1) + " " + rs.getObject(2, java.time.OffsetDateTime.class).toInstant())
                .list());
    }

    private static String column(EntityKind kind) {
        return switch (kind) {
            case CHARACTER -> "character_id";
            case CORPORATION -> "corporation_id";
            case ALLIANCE -> "alliance_id";
            case SHIP -> "ship_type_id";
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }
}
