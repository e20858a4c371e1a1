package dev.evedmv.ingest;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class KillmailWriterTest {
    static final long ALICE = 95_000_001L, BOB = 95_000_002L, CAROL = 95_000_003L, DAVE = 95_000_004L;
    static final long CORP_X = 98_000_010L, CORP_Y = 98_000_020L, ALLIANCE_A = 99_000_100L;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    private KillmailWriter writer;
    private TestDatabase db;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        this.writer = new KillmailWriter(db.database(), CLOCK);
    }

    private List<DerivedKillmail> batch() {
        return List.of(
                // Alice and Carol (both corp X, alliance A) kill Bob (corp Y): corp X and alliance A get one kill each
                killmail(1001, "2026-11-02T17:30:00Z")
                        .victim(victim(BOB, CORP_Y, null, 587))
                        .attacker(attacker(ALICE, CORP_X, ALLIANCE_A, 17738, true))
                        .attacker(attacker(CAROL, CORP_X, ALLIANCE_A, 587, false))
                        .value("5000000.50").build(),
                // awox: Alice kills Dave, both corp X: corp X gets a kill and a loss
                killmail(1002, "2026-11-03T08:15:00Z")
                        .victim(victim(DAVE, CORP_X, ALLIANCE_A, 670))
                        .attacker(attacker(ALICE, CORP_X, ALLIANCE_A, 17738, true))
                        .solo().awox().value("20000").build(),
                // NPCs kill Bob: counted apart (npc = true)
                killmail(1003, "2026-11-03T23:59:59Z")
                        .victim(victim(BOB, CORP_Y, null, 587))
                        .attacker(attacker(null, 1000125L, null, 23707, true))
                        .npc().value("100").build());
    }

    @Test
    void storesOnceAndRollsUpByTheCountingRules() {
        WriteResult first = writer.write(batch(), "test", KillmailWriter.InTransaction.NOTHING);
        assertThat(first).isEqualTo(new WriteResult(3, 0, 0));

        Map<String, Object> corpX = daily(2, CORP_X, "2026-11-03", false);
        assertThat(corpX).containsEntry("kills", 1).containsEntry("losses", 1).containsEntry("solo_kills", 1)
                .containsEntry("solo_losses", 1).containsEntry("final_blows", 1);
        assertThat(daily(2, CORP_X, "2026-11-02", false)).containsEntry("kills", 1).containsEntry("final_blows", 1)
                .containsEntry("attackers_on_kills", 2L);
        assertThat(daily(3, ALLIANCE_A, "2026-11-02", false)).containsEntry("kills", 1);
        assertThat(daily(1, CAROL, "2026-11-02", false)).containsEntry("kills", 1).containsEntry("final_blows", 0);
        assertThat(daily(1, BOB, "2026-11-03", true)).containsEntry("losses", 1);
        assertThat(daily(1, BOB, "2026-11-02", false)).containsEntry("losses", 1)
                .containsEntry("isk_lost", new java.math.BigDecimal("5000000.50"));
        assertThat(daily(5, 30002187, "2026-11-02", false)).containsEntry("kills", 1).containsEntry("losses", 0);
        assertThat(daily(6, 10000043, "2026-11-03", true)).containsEntry("kills", 1);

        String hours = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT hourly_kills::text FROM entity_daily WHERE entity_kind = 1 AND entity_id = :id AND day = '2026-11-02'")
                .bind("id", ALICE).mapTo(String.class).one());
        assertThat(hours).as("one kill at 17:00, its hour alone kept").isEqualTo("17");

        assertThat(count("SELECT sum((evedmv_list_counts(members) ->> '" + ALICE + "')::integer) FROM entity_daily WHERE entity_kind = 2"
                + " AND entity_id = " + CORP_X + " AND day = '2026-11-02'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM entity_daily, jsonb_object_keys(evedmv_list_counts(ships)) WHERE entity_kind = 2 AND entity_id = "
                + CORP_X + " AND day = '2026-11-02'")).as("corp X flew two ship types on its kill").isEqualTo(2);
        assertThat(count("SELECT sum((evedmv_list_counts(systems) ->> '30002187')::integer) FROM entity_daily WHERE entity_kind = 1"
                + " AND entity_id = " + ALICE + " AND day = '2026-11-02'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM participants WHERE killmail_id = 1001")).isEqualTo(3);

        String before = snapshot();
        WriteResult again = writer.write(batch(), "test", KillmailWriter.InTransaction.NOTHING);
        assertThat(again).isEqualTo(new WriteResult(0, 3, 0));
        assertThat(snapshot()).as("a second write changes no row").isEqualTo(before);
    }

    @Test
    void impossibleTimesAndRefusedPayloadsAreRecordedAndTheRestGoesOn() {
        List<DerivedKillmail> batch = List.of(
                killmail(2001, "2003-05-05T23:59:59Z").attacker(attacker(ALICE, CORP_X, null, 587, true)).build(),
                killmail(2002, "2026-11-29T12:00:01Z").attacker(attacker(ALICE, CORP_X, null, 587, true)).build(),
                killmail(2003, "2026-10-01T00:00:00Z").attacker(attacker(ALICE, CORP_X, null, 587, true))
                        .labels("bad\u0000label").build(),
                killmail(2005, "2026-10-01T00:00:01Z").attacker(attacker(ALICE, CORP_X, null, 587, true))
                        .rawEsi("{\"kept\": \"\\u0000\"}").build(),
                killmail(2004, "2019-01-01T00:00:00Z").attacker(attacker(ALICE, CORP_X, null, 587, true)).build(),
                killmail(2004, "2019-01-01T00:00:00Z").attacker(attacker(ALICE, CORP_X, null, 587, true)).build());
        WriteResult r = writer.write(batch, "test", KillmailWriter.InTransaction.NOTHING);
        assertThat(r).as("a payload is kept as received, even what jsonb would refuse").isEqualTo(new WriteResult(2, 1, 3));
        List<String> rejects = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT source || ' ' || reason FROM rejected_input ORDER BY rejected_id").mapTo(String.class).list());
        assertThat(rejects)
                .hasSize(3)
                  .anyMatch((String s) -> s.startsWith("test:2001 impossible killmail_time 2003-05-05T23:59:59Z"))
                  .anyMatch((String s) -> s.startsWith("test:2002 impossible killmail_time"))
                  .anyMatch((String s) -> s.startsWith("test:2003 refused by the database"));
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = 'participants_2019_01'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM killmail_directory WHERE killmail_id IN (2003, 2004, 2005)")).isEqualTo(2);
    }

    @Test
    void workOfTheCallerCommitsWithTheBatch() {
        writer.write(List.of(killmail(3001, "2026-11-20T10:00:00Z").attacker(attacker(ALICE, CORP_X, null, 587, true)).build()),
                "r2z2", h -> h.execute("INSERT INTO feed_state (feed, cursor) VALUES ('r2z2', '42')"));
        assertThat(count("SELECT cursor::int FROM feed_state WHERE feed = 'r2z2'")).isEqualTo(42);
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void verifyFindsNoDifferenceUntilARollupIsTampered() {
        writer.write(List.of(killmail(4001, "2026-11-10T10:00:00Z")
                .attacker(attacker(ALICE, CORP_X, ALLIANCE_A, 17738, true))
                .attacker(attacker(CAROL, CORP_X, ALLIANCE_A, 587, false)).build()), "test",
                KillmailWriter.InTransaction.NOTHING);
        RollupVerifier verifier = new RollupVerifier(db.database());
        assertThat(verifier.verify()).isEmpty();
        db.jdbi().useHandle(h -> h.execute(
                "UPDATE entity_daily SET kills = kills + 1 WHERE entity_kind = 2 AND entity_id = ? AND day = '2026-11-10'", CORP_X));
        db.jdbi().useHandle(h -> h.execute(
                "UPDATE entity_daily SET members = '' WHERE entity_kind = 3 AND entity_id = ? AND day = '2026-11-10'", ALLIANCE_A));
        db.jdbi().useHandle(h -> h.execute("UPDATE killmails SET player_attacker_ids = evedmv_id_bytes(ARRAY[?]) WHERE killmail_id = 4001",
                ALICE));
        db.jdbi().useHandle(h -> h.execute("UPDATE killmails SET player_attacker_ids = NULL WHERE killmail_id = 3001"));
        List<RollupVerifier.Difference> differences = verifier.verify();
        assertThat(differences).extracting(RollupVerifier.Difference::table)
                .containsExactly("entity_daily", "killmails.player_attacker_ids");
        assertThat(differences.get(0).missingOrWrong()).as("the corporation's kills and the alliance's members").isEqualTo(2);
        assertThat(differences.get(1).missingOrWrong()).as("4001 lacks Carol; 3001's NULL is an old archive's").isEqualTo(1);
        assertThat(differences.get(1).examples()).singleElement().asString().startsWith("4001 stored {" + ALICE + "}");
        assertThat(differences).allMatch(d -> d.month().toString().equals("2026-11-01"));
    }

    private Map<String, Object> daily(int kind, long id, String day, boolean npc) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                        SELECT kills, losses, solo_kills, solo_losses, final_blows, isk_destroyed, isk_lost, attackers_on_kills
                        FROM entity_daily WHERE entity_kind = :kind AND entity_id = :id AND day = CAST(:day AS date) AND npc = :npc""")
                .bind("kind", kind).bind("id", id).bind("day", day).bind("npc", npc).mapToMap().one());
    }

    private long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private String snapshot() {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM killmails) || '/' || (SELECT count(*) FROM participants) || '/'
                    || (SELECT string_agg(d::text, ';' ORDER BY d::text) FROM entity_daily d)""")
                .mapTo(String.class).one());
    }
}
