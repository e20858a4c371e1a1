package dev.evedmv.intel;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.ingest.RollupVerifier;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * Who an entity fights and who hunts in a place (docs/counting-rules.md §3): top_enemies, top_killers,
 * top_corporations, top_characters and top_alliances of the summaries, each held to a count over the participants
 * of hand-built killmails, over several day-aligned ranges, npc killmails left out and let in. The killmails hold
 * a corporation that shot its own member, an alliance with two corporations on one kill, groups of both kinds
 * tied, a corporation with two pilots on one loss, NPC attackers and an npc kill. db verify recomputes the lists.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupListsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
    private static final long A1 = 99_100_001L, A2 = 99_100_002L;
    private static final long C1 = 98_100_001L, C2 = 98_100_002L, C3 = 98_100_003L, C4 = 98_100_004L;
    private static final long NPC_CORP = 1_000_125L;
    private static final long P1 = 95_100_001L, P2 = 95_100_002L, P3 = 95_100_003L, P4 = 95_100_004L,
            P5 = 95_100_005L, P6 = 95_100_006L;
    private static final int JITA = 30000142, JITA_REGION = 10000002;
    private static final int AMAMAKE = 30002537, AMAMAKE_REGION = 10000042;
    private static final List<DateRange> RANGES = List.of(
            new DateRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 21)),
            new DateRange(LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 11)),
            new DateRange(LocalDate.of(2026, 11, 11), LocalDate.of(2026, 11, 13)));

    private TestDatabase db;
    private IntelQueries intel;

    @BeforeAll
    void write(TestDatabase db) {
        this.db = db;
        this.intel = new IntelQueries(db.database());
        List<DerivedKillmail> kms = new ArrayList<>();
        // A1 with two corporations on one kill
        kms.add(killmail(91_000_001L, "2026-11-10T18:00:00Z").system(JITA, JITA_REGION)
                .victim(victim(P4, C3, A2, 587))
                .attacker(attacker(P1, C1, A1, 621, true)).attacker(attacker(P3, C2, A1, 622, false)).build());
        // C1 shoots its own member
        kms.add(killmail(91_000_002L, "2026-11-10T19:00:00Z").system(JITA, JITA_REGION)
                .victim(victim(P2, C1, A1, 587)).attacker(attacker(P1, C1, A1, 621, true)).awox().solo().build());
        // a victim without alliance: its corporation is the enemy
        kms.add(killmail(91_000_003L, "2026-11-11T20:00:00Z").system(AMAMAKE, AMAMAKE_REGION)
                .victim(victim(P5, C4, null, 587))
                .attacker(attacker(P1, C1, A1, 621, false)).attacker(attacker(P4, C3, A2, 623, true)).build());
        // npc: only an NPC corporation shoots
        kms.add(killmail(91_000_004L, "2026-11-11T21:00:00Z").system(JITA, JITA_REGION)
                .victim(victim(P1, C1, A1, 621)).attacker(attacker(null, NPC_CORP, null, 3740, true)).npc().build());
        // two pilots of C4 on one loss of A1, one of A2, and an NPC beside them
        kms.add(killmail(91_000_005L, "2026-11-12T08:00:00Z").system(AMAMAKE, AMAMAKE_REGION)
                .victim(victim(P3, C2, A1, 622))
                .attacker(attacker(P5, C4, null, 587, true)).attacker(attacker(P6, C4, null, 587, false))
                .attacker(attacker(P4, C3, A2, 623, false)).attacker(attacker(null, NPC_CORP, null, 3740, false)).build());
        kms.add(killmail(91_000_006L, "2026-11-12T09:00:00Z").system(AMAMAKE, AMAMAKE_REGION)
                .victim(victim(P4, C3, A2, 623))
                .attacker(attacker(P6, C4, null, 587, true)).attacker(attacker(P2, C1, A1, 621, false)).build());
        new KillmailWriter(db.database(), CLOCK).write(kms, "test", KillmailWriter.InTransaction.NOTHING);
    }

    @Test
    void enemiesAndKillersAreTheGroupsOnEachKillAndLoss() {
        EntitySummary p1 = summary(EntityKind.CHARACTER, P1, RANGES.get(0), false);
        assertThat(p1.topEnemies()).as("ties of mixed kinds by id").extracting(e -> e.kind() + " " + e.id() + " " + e.kills())
                .containsExactly("corporation " + C4 + " 1", "alliance " + A1 + " 1", "alliance " + A2 + " 1");
        EntitySummary c1 = summary(EntityKind.CORPORATION, C1, RANGES.get(0), false);
        assertThat(c1.topKillers()).as("the corporation that shot its own member is among its killers")
                .extracting(e -> e.kind() + " " + e.id() + " " + e.losses()).containsExactly("alliance " + A1 + " 1");
        EntitySummary a1 = summary(EntityKind.ALLIANCE, A1, RANGES.get(0), false);
        assertThat(a1.topKillers()).as("C4 once for two pilots; the NPC not at all")
                .extracting(e -> e.kind() + " " + e.id() + " " + e.losses())
                .containsExactly("corporation " + C4 + " 1", "alliance " + A1 + " 1", "alliance " + A2 + " 1");
        assertThat(a1.topCorporations()).as("two corporations on one kill, each counted")
                .extracting(e -> e.corporationId() + " " + e.kills()).containsExactly(C1 + " 4", C2 + " 1");
        assertThat(summary(EntityKind.CHARACTER, P1, RANGES.get(0), true).losses()).as("the npc loss let in").isEqualTo(1);
        assertThat(summary(EntityKind.CHARACTER, P1, RANGES.get(0), true).topKillers()).as("no player on the npc loss")
                .isEmpty();
    }

    @Test
    void systemsAndRegionsListWhoHuntsThere() {
        EntitySummary jita = summary(EntityKind.SYSTEM, JITA, RANGES.get(0), false);
        assertThat(jita.topCharacters()).extracting(e -> e.characterId() + " " + e.kills()).containsExactly(P1 + " 2", P3 + " 1");
        assertThat(jita.topAlliances()).extracting(e -> e.allianceId() + " " + e.kills()).containsExactly(A1 + " 2");
        assertThat(jita.topCorporations()).extracting(e -> e.corporationId() + " " + e.kills()).containsExactly(C1 + " 2", C2 + " 1");
        assertThat(summary(EntityKind.SYSTEM, JITA, RANGES.get(0), true).topCorporations())
                .as("the npc kill's NPC corporation let in").extracting(e -> e.corporationId() + " " + e.kills())
                .containsExactly(C1 + " 2", NPC_CORP + " 1", C2 + " 1");
        assertThat(jita.topEnemies()).as("a place has no enemies").isNull();
        assertThat(jita.losses()).isNull();
    }

    @Test
    void everyListIsACountOverParticipants() {
        for (DateRange range : RANGES) {
            for (boolean npc : new boolean[] {false, true}) {
                for (long id : new long[] {P1, P2, P3, P4, P5, P6}) {
                    check(EntityKind.CHARACTER, "character_id", id, range, npc);
                }
                for (long id : new long[] {C1, C2, C3, C4}) {
                    check(EntityKind.CORPORATION, "corporation_id", id, range, npc);
                }
                for (long id : new long[] {A1, A2}) {
                    check(EntityKind.ALLIANCE, "alliance_id", id, range, npc);
                    EntitySummary s = summary(EntityKind.ALLIANCE, id, range, npc);
                    assertThat(s.topCorporations().stream().map(e -> e.corporationId() + " " + e.kills()).toList())
                            .isEqualTo(count("""
                                    SELECT a.corporation_id || ' ' || count(DISTINCT a.killmail_id) FROM participants a
                                    WHERE NOT a.is_victim AND a.alliance_id = :id AND a.corporation_id IS NOT NULL
                                      AND a.killmail_time >= :since AND a.killmail_time < :until AND (NOT a.is_npc OR :npc)
                                    GROUP BY a.corporation_id ORDER BY count(DISTINCT a.killmail_id) DESC, a.corporation_id""",
                                    id, range, npc));
                }
                for (long[] place : new long[][] {{JITA, 0}, {AMAMAKE, 0}, {JITA_REGION, 1}, {AMAMAKE_REGION, 1}}) {
                    EntityKind kind = place[1] == 0 ? EntityKind.SYSTEM : EntityKind.REGION;
                    String column = place[1] == 0 ? "solar_system_id" : "region_id";
                    EntitySummary s = summary(kind, place[0], range, npc);
                    String hunters = """
                            SELECT a.%1$s || ' ' || count(DISTINCT a.killmail_id) FROM participants a
                            WHERE NOT a.is_victim AND a.%2$s = :id AND a.%1$s IS NOT NULL
                              AND a.killmail_time >= :since AND a.killmail_time < :until AND (NOT a.is_npc OR :npc)
                            GROUP BY a.%1$s ORDER BY count(DISTINCT a.killmail_id) DESC, a.%1$s""";
                    assertThat(s.topCharacters().stream().map(e -> e.characterId() + " " + e.kills()).toList())
                            .isEqualTo(count(hunters.formatted("character_id", column), place[0], range, npc));
                    assertThat(s.topCorporations().stream().map(e -> e.corporationId() + " " + e.kills()).toList())
                            .isEqualTo(count(hunters.formatted("corporation_id", column), place[0], range, npc));
                    assertThat(s.topAlliances().stream().map(e -> e.allianceId() + " " + e.kills()).toList())
                            .isEqualTo(count(hunters.formatted("alliance_id", column), place[0], range, npc));
                }
            }
        }
    }

    @Test
    void dbVerifyRecomputesTheLists() {
        RollupVerifier.Result r = new RollupVerifier(db.database(), 1000)
                .verify(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 21), (done, total, chunk, took) -> { });
        assertThat(r.differences()).isEmpty();
        String where = " WHERE entity_kind = 3 AND entity_id = " + A1 + " AND day = DATE '2026-11-12'";
        String killers = db.jdbi().withHandle(h -> h.createQuery("SELECT killers::text FROM entity_daily" + where)
                .mapTo(String.class).one());
        db.jdbi().useHandle(h -> h.execute("UPDATE entity_daily SET killers = ''" + where));
        try {
            RollupVerifier.Result wrong = new RollupVerifier(db.database(), 1000)
                    .verify(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 21), (done, total, chunk, took) -> { });
            assertThat(wrong.differences()).as("a killers list emptied").isNotEmpty();
        } finally {
            db.jdbi().useHandle(h -> h.createUpdate("UPDATE entity_daily SET killers = :k" + where)
                    .bind("k", killers).execute());
        }
    }

    @Test
    void theHeaderNamesTheNewestAffiliationAndWhereASystemIs() {
        EntitySummary p1 = summary(EntityKind.CHARACTER, P1, RANGES.get(1), false);
        assertThat(p1.affiliation()).as("from the newest killmail, an npc loss, whatever the window")
                .isEqualTo(new EntitySummary.Affiliation(C1, null, A1, null, Instant.parse("2026-11-11T21:00:00Z")));
        assertThat(summary(EntityKind.CORPORATION, C4, RANGES.get(0), false).affiliation())
                .isEqualTo(new EntitySummary.Affiliation(null, null, null, null, Instant.parse("2026-11-12T09:00:00Z")));
        assertThat(summary(EntityKind.ALLIANCE, A1, RANGES.get(0), false).affiliation()).isNull();
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO sde_regions (region_id, name) VALUES (10099999, 'Test Region') ON CONFLICT DO NOTHING;
                INSERT INTO sde_constellations (constellation_id, region_id, name) VALUES (20099999, 10099999, 'Test Stars')
                    ON CONFLICT DO NOTHING;
                INSERT INTO sde_systems (system_id, constellation_id, region_id, name, security)
                    VALUES (30099999, 20099999, 10099999, 'Test Low', 0.3) ON CONFLICT DO NOTHING"""));
        assertThat(summary(EntityKind.SYSTEM, 30099999, RANGES.get(0), false).location())
                .isEqualTo(new EntitySummary.Location(0.3, "lowsec", 20099999, "Test Stars", 10099999, "Test Region"));
        assertThat(p1.location()).isNull();
        ActivityPage.FinalBlow fb = intel.activity(EntityKind.ALLIANCE, A1, IntelQueries.Side.LOSSES, ActivityCursor.START,
                false, 1).items().get(0).finalBlow();
        assertThat(fb.characterId()).as("the losses table names the final blow, not the victim").isEqualTo(P5);
        assertThat(fb.corporationId()).isEqualTo(C4);
        assertThat(fb.allianceId()).isNull();
    }

    /** top_enemies and top_killers of an entity whose participants carry its id in {@code column}. */
    private void check(EntityKind kind, String column, long id, DateRange range, boolean npc) {
        EntitySummary s = summary(kind, id, range, npc);
        String enemies = """
                SELECT g.kind || ' ' || g.id || ' ' || count(*) FROM (
                    SELECT DISTINCT a.killmail_id,
                           CASE WHEN v.alliance_id IS NULL THEN 'corporation' ELSE 'alliance' END AS kind,
                           coalesce(v.alliance_id, v.corporation_id) AS id
                    FROM participants a JOIN participants v ON v.killmail_id = a.killmail_id AND v.is_victim
                    WHERE NOT a.is_victim AND a.%s = :id
                      AND a.killmail_time >= :since AND a.killmail_time < :until AND (NOT a.is_npc OR :npc)) AS g
                GROUP BY g.kind, g.id ORDER BY count(*) DESC, g.id""".formatted(column);
        assertThat(s.topEnemies().stream().map(e -> e.kind() + " " + e.id() + " " + e.kills()).toList())
                .as("%s %d enemies over %s, npc %s", kind, id, range, npc).isEqualTo(count(enemies, id, range, npc));
        String killers = """
                SELECT g.kind || ' ' || g.id || ' ' || count(*) FROM (
                    SELECT DISTINCT v.killmail_id,
                           CASE WHEN a.alliance_id IS NULL THEN 'corporation' ELSE 'alliance' END AS kind,
                           coalesce(a.alliance_id, a.corporation_id) AS id
                    FROM participants v JOIN participants a ON a.killmail_id = v.killmail_id AND NOT a.is_victim
                    WHERE v.is_victim AND v.%s = :id AND a.character_id > 3999999
                      AND v.killmail_time >= :since AND v.killmail_time < :until AND (NOT v.is_npc OR :npc)) AS g
                GROUP BY g.kind, g.id ORDER BY count(*) DESC, g.id""".formatted(column);
        assertThat(s.topKillers().stream().map(e -> e.kind() + " " + e.id() + " " + e.losses()).toList())
                .as("%s %d killers over %s, npc %s", kind, id, range, npc).isEqualTo(count(killers, id, range, npc));
    }

    private List<String> count(String sql, long id, DateRange range, boolean npc) {
        return db.jdbi().withHandle(h -> h.createQuery(sql + " LIMIT 10").bind("id", id)
                .bind("since", range.since().atStartOfDay().atOffset(ZoneOffset.UTC))
                .bind("until", range.until().atStartOfDay().atOffset(ZoneOffset.UTC)).bind("npc", npc)
                .mapTo(String.class).list());
    }

    private EntitySummary summary(EntityKind kind, long id, DateRange range, boolean npc) {
        return intel.summary(kind, id, range, npc, 10);
    }
}
