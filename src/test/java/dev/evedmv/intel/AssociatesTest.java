package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.IdBytes;
import dev.evedmv.db.Database;
import dev.evedmv.db.Migrations;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * Associates counted from the per-kill lists are the associates counted wholly in SQL
 * ({@code count(DISTINCT killmail)} by character), for busy and quiet pilots, with and without NPC
 * kills, over several ranges and list lengths; also for killmails whose list of player attackers
 * is missing (restored from an old archive) and read from their participants.
 * Data: 2,000 generated killmails over 10 days.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssociatesTest {
    private static final LocalDate FROM = LocalDate.of(2026, 3, 1);
    private static final LocalDate TO = LocalDate.of(2026, 3, 11);

    private TestDatabase db;

    @BeforeAll
    void load(TestDatabase db, @TempDir Path dir) {
        this.db = db;
        assertThat(GeneratedKillmails.importInto(db, dir, 2_000, 5, FROM, TO)).isEqualTo(2_000);
    }

    /** killmails.player_attacker_ids as SQL writes it (evedmv_id_bytes) reads in Java (IdBytes) as the same ids, and back. */
    @Test
    void idsAsBytesReadTheSameInJavaAndSql() {
        String[] arrays = {"'{}'", "'{5,3,3}'", "'{1,NULL,2}'", "'{NULL}'", "'{-9223372036854775808,9223372036854775807}'",
                "'[0:1]={7,8}'", "(SELECT array_agg(g) FROM generate_series(1, 5000) AS g)"};
        long[][] expected = {{}, {5, 3, 3}, {1, 2}, {}, {Long.MIN_VALUE, Long.MAX_VALUE}, {7, 8},
                java.util.stream.LongStream.rangeClosed(1, 5000).toArray()};
        for (int i = 0; i < arrays.length; i++) {
            String array = arrays[i];
            byte[] written = db.jdbi().withHandle(h -> h.createQuery("SELECT evedmv_id_bytes(CAST(%s AS bigint[]))".formatted(array))
                    .mapTo(byte[].class).one());
            assertThat(IdBytes.read(written)).as(array).containsExactly(expected[i]);
            Long[] back = db.jdbi().withHandle(h -> h.createQuery("SELECT evedmv_id_array(:bytes)")
                    .bind("bytes", IdBytes.of(written.length == 0 ? new long[0] : IdBytes.read(written))).mapTo(Long[].class).one());
            assertThat(back).as(array).containsExactly(java.util.Arrays.stream(expected[i]).boxed().toArray(Long[]::new));
        }
        boolean nullStaysNull = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT evedmv_id_bytes(NULL) IS NULL AND evedmv_id_array(NULL) IS NULL").mapTo(Boolean.class).one());
        assertThat(nullStaysNull).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdBytes.read(new byte[7]))
                .hasMessageContaining("multiple of 8 bytes long, not 7");
    }

    @Test
    void countsAsSqlDoesForBusyAndQuietPilots() {
        List<Long> pilots = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT character_id FROM participants WHERE NOT is_victim AND character_id > 3999999
                GROUP BY character_id ORDER BY count(*) DESC, character_id""").mapTo(Long.class).list());
        assertThat(pilots).hasSizeGreaterThan(200);
        List<Long> chosen = List.of(pilots.get(0), pilots.get(1), pilots.get(5), pilots.get(50), pilots.get(200),
                pilots.get(pilots.size() - 1));
        List<DateRange> ranges = List.of(new DateRange(FROM, TO.plusDays(1)), new DateRange(FROM.plusDays(3), FROM.plusDays(4)),
                new DateRange(FROM.plusDays(2), TO.minusDays(2)));
        int compared = 0;
        for (long pilot : chosen) {
            for (DateRange range : ranges) {
                for (boolean npc : new boolean[] {false, true}) {
                    for (int limit : new int[] {1, 10, 100}) {
                        List<EntitySummary.Associate> counted = db.jdbi().withHandle(h -> Associates.of(h, pilot, range, npc, limit));
                        assertThat(counted).as("pilot %d, %s, npc %s, limit %d", pilot, range, npc, limit)
                                .isEqualTo(inSql(pilot, range, npc, limit));
                        compared += counted.size();
                    }
                }
            }
        }
        assertThat(compared).as("associates compared").isGreaterThan(500);
    }

    @Test
    void everyKillmailListsThePlayerAttackersItsParticipantsHold() {
        List<Long> counts = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FILTER (WHERE evedmv_id_array(k.player_attacker_ids) IS DISTINCT FROM coalesce(p.ids, '{}')),
                       count(*) FILTER (WHERE length(k.player_attacker_ids) > 8)
                FROM killmails k
                JOIN (SELECT killmail_id, killmail_time,
                             array_agg(DISTINCT character_id ORDER BY character_id)
                                 FILTER (WHERE NOT is_victim AND character_id > 3999999) AS ids
                      FROM participants GROUP BY killmail_id, killmail_time) p
                  ON p.killmail_id = k.killmail_id AND p.killmail_time = k.killmail_time""")
                .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2))).one());
        assertThat(counts.get(0)).as("killmails whose list differs from their participants").isZero();
        assertThat(counts.get(1)).as("killmails with more than one player attacker").isGreaterThan(500);
    }

    /**
     * A character's summary counts its associates on a second connection beside it while the pool can spare one
     * (IntelQueries.summary), else after it on its one connection: the answers are the same, and every
     * reservation of a second connection is given back.
     */
    @Test
    void aSummaryIsTheSameWithItsAssociatesCountedBesideItOrAfterIt() {
        List<Long> pilots = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT character_id FROM participants WHERE NOT is_victim AND character_id > 3999999
                GROUP BY character_id ORDER BY count(*) DESC, character_id LIMIT 5""").mapTo(Long.class).list());
        IntelQueries paired = new IntelQueries(db.database());
        try (Database single = db.database().openSiblingPool("one connection", 1)) {
            IntelQueries alone = new IntelQueries(single);
            for (long pilot : pilots) {
                for (DateRange range : List.of(new DateRange(FROM, TO.plusDays(1)), new DateRange(FROM.plusDays(3), FROM.plusDays(5)))) {
                    EntitySummary beside = paired.summary(EntityKind.CHARACTER, pilot, range, false, 10);
                    assertThat(beside).as("pilot %d over %s", pilot, range).usingRecursiveComparison()
                            .isEqualTo(alone.summary(EntityKind.CHARACTER, pilot, range, false, 10));
                    assertThat(beside.associates()).isNotEmpty();
                }
            }
        }
        assertThat(db.database().tryReservePair()).as("the reservation given back").isTrue();
        db.database().releasePair();
    }

    /** Migration 036 turns the stored arrays into their bytes, and its rollback turns them back. */
    @Test
    void theMigrationToBytesAndItsRollbackKeepEveryList() {
        String bytes = "SELECT md5(string_agg(killmail_id || ':' || encode(player_attacker_ids, 'hex'), ',' ORDER BY killmail_id)) "
                + "FROM killmails";
        String written = db.jdbi().withHandle(h -> h.createQuery(bytes).mapTo(String.class).one());
        Migrations migrations = new Migrations(db.database());
        List<String> applied = migrations.status().applied();
        int since036 = applied.size() - applied.indexOf("036-id-bytes-functions");
        assertThat(applied).contains("036-id-bytes-functions");
        assertThat(migrations.rollback(since036)).isEqualTo(since036);
        long differing = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM killmails k
                JOIN (SELECT killmail_id, killmail_time,
                             coalesce(array_agg(DISTINCT character_id ORDER BY character_id)
                                 FILTER (WHERE NOT is_victim AND character_id > 3999999), '{}') AS ids
                      FROM participants GROUP BY killmail_id, killmail_time) p
                  ON p.killmail_id = k.killmail_id AND p.killmail_time = k.killmail_time
                WHERE k.player_attacker_ids IS DISTINCT FROM p.ids""").mapTo(Long.class).one());
        assertThat(differing).as("killmails whose rolled back array is not their player attackers").isZero();
        migrations.migrate();
        String migrated = db.jdbi().withHandle(h -> h.createQuery(bytes).mapTo(String.class).one());
        assertThat(migrated).isEqualTo(written);
    }

    /** A killmail restored from an archive written before {@code player_attacker_ids} holds NULL there. */
    @Test
    void killmailsWithoutTheirListAreCountedFromTheirParticipants() {
        long pilot = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT character_id FROM participants WHERE NOT is_victim AND character_id > 3999999
                GROUP BY character_id ORDER BY count(*) DESC, character_id LIMIT 1""").mapTo(Long.class).one());
        DateRange range = new DateRange(FROM, TO.plusDays(1));
        List<EntitySummary.Associate> expected = inSql(pilot, range, true, 100);
        db.jdbi().useTransaction(h -> {
            int cleared = h.createUpdate("UPDATE killmails SET player_attacker_ids = NULL WHERE killmail_id % 2 = 0").execute();
            assertThat(cleared).isGreaterThan(500);
            assertThat(Associates.of(h, pilot, range, true, 100)).isEqualTo(expected);
            h.rollback();
        });
    }

    @Test
    void aPilotWithoutKillsHasNoAssociates() {
        List<EntitySummary.Associate> none = db.jdbi().withHandle(h -> Associates.of(h, 1, new DateRange(FROM, TO), true, 10));
        assertThat(none).isEmpty();
    }

    private List<EntitySummary.Associate> inSql(long pilot, DateRange range, boolean includeNpc, int limit) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT other.character_id, n.name, count(DISTINCT other.killmail_id) AS shared_kills
                FROM participants mine
                JOIN participants other ON other.killmail_id = mine.killmail_id AND other.killmail_time = mine.killmail_time
                LEFT JOIN names n ON n.id = other.character_id
                WHERE mine.character_id = :id AND NOT mine.is_victim AND (NOT mine.is_npc OR :include_npc)
                  AND mine.killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
                  AND mine.killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
                  AND NOT other.is_victim AND other.character_id > 3999999 AND other.character_id <> :id
                GROUP BY other.character_id, n.name
                ORDER BY 3 DESC, 1
                LIMIT :limit""")
                .bind("id", pilot).bind("since", range.since()).bind("until", range.until())
                .bind("include_npc", includeNpc).bind("limit", limit)
                .map((rs, ctx) -> new EntitySummary.Associate(rs.getLong(1), rs.getString(2), rs.getLong(3))).list());
    }
}
