package dev.evedmv.battles;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Victim;
import dev.evedmv.ops.PartitionArchiver;
import dev.evedmv.readmodel.DayRange;
import dev.evedmv.readmodel.ReadModel;
import dev.evedmv.readmodel.Verification;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** docs/battles.md on hand-built killmails: the definition at its edges, late killmails, sides, verify, archive. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BattlesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    static final int REGION = 10000043;
    static final int RIFTER = 587;
    static final int MACHARIEL = 17738;
    /** Alliances A, B, C: pilots 95_00i_0nn in corporation 98_00i_000. */
    static final long A = 99_000_001L, B = 99_000_002L, C = 99_000_003L;

    private TestDatabase db;
    private KillmailWriter writer;
    private BattleQueries battles;

    @BeforeAll
    void setUp(TestDatabase db) {
        this.db = db;
        this.writer = new KillmailWriter(db.database(), CLOCK);
        this.battles = new BattleQueries(db.database());
    }

    static long pilot(long alliance, int n) {
        return 95_000_000L + (alliance - 99_000_000L) * 1000 + n;
    }

    static long corp(long alliance) {
        return 98_000_000L + (alliance - 99_000_000L) * 1000;
    }

    static Victim loser(long alliance, int n, int ship) {
        return victim(pilot(alliance, n), corp(alliance), alliance, ship);
    }

    static Attacker shooter(long alliance, int n, int ship, boolean finalBlow) {
        return attacker(pilot(alliance, n), corp(alliance), alliance, ship, finalBlow);
    }

    /** A's pilot 1 kills B's pilot n. */
    static DerivedKillmail kill(long id, String time, int system) {
        return killmail(id, time).system(system, REGION).victim(loser(B, (int) (id % 50), RIFTER))
                .attacker(shooter(A, 1, MACHARIEL, true)).build();
    }

    private void write(DerivedKillmail... killmails) {
        writer.write(List.of(killmails), "test", KillmailWriter.InTransaction.NOTHING);
    }

    private List<List<Long>> battlesOf(int system) {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT killmail_ids FROM battles WHERE solar_system_id = :s ORDER BY start_time")
                .bind("s", system).map((rs, ctx) -> List.of((Long[]) rs.getArray(1).getArray())).list());
    }

    @Test
    void aGapOfExactlyFifteenMinutesKeepsTheClusterAndOneSecondMoreSplitsIt() {
        write(kill(1001, "2026-11-01T00:00:00Z", 31), kill(1002, "2026-11-01T00:15:00Z", 31),
                kill(1003, "2026-11-01T00:30:00Z", 31), kill(1004, "2026-11-01T00:45:00Z", 31),
                kill(1005, "2026-11-01T01:00:00Z", 31));
        write(kill(1011, "2026-11-01T00:00:00Z", 32), kill(1012, "2026-11-01T00:15:00Z", 32),
                kill(1013, "2026-11-01T00:30:00Z", 32), kill(1014, "2026-11-01T00:45:00Z", 32),
                kill(1015, "2026-11-01T01:00:01Z", 32));
        assertThat(battlesOf(31)).containsExactly(List.of(1001L, 1002L, 1003L, 1004L, 1005L));
        assertThat(battlesOf(32)).as("15 min 1 s before the fifth: 4 and 1, no battle").isEmpty();
        assertThat(battles.ofKillmail(1013)).isInstanceOf(BattleQueries.InNone.class);
        assertThat(battles.ofKillmail(999_999)).isInstanceOf(BattleQueries.UnknownKillmail.class);
    }

    @Test
    void aKillmailFourHoursAfterTheClustersFirstStartsANewOne() {
        List<DerivedKillmail> kms = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
        for (int i = 0; i <= 28; i++) { // every 10 min: 00:00 ... 04:40
            kms.add(kill(2000 + i, t0.plusSeconds(600L * i).toString(), 33));
        }
        writer.write(kms, "test", KillmailWriter.InTransaction.NOTHING);
        List<List<Long>> found = battlesOf(33);
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).hasSize(24).startsWith(2000L).endsWith(2023L);
        assertThat(found.get(1)).as("04:00 is 4 h after 00:00: a new cluster").containsExactly(2024L, 2025L, 2026L,
                2027L, 2028L);
    }

    @Test
    void fourKillmailsAreNoBattleAndALateFifthMakesOne() {
        write(kill(3001, "2026-11-03T10:00:00Z", 34), kill(3002, "2026-11-03T10:01:00Z", 34),
                kill(3003, "2026-11-03T10:02:00Z", 34), kill(3004, "2026-11-03T10:03:00Z", 34));
        assertThat(battlesOf(34)).isEmpty();
        write(kill(3000, "2026-11-03T09:50:00Z", 34));
        assertThat(battlesOf(34)).containsExactly(List.of(3000L, 3001L, 3002L, 3003L, 3004L));
        assertThat(battles.ofKillmail(3002)).isInstanceOfSatisfying(BattleQueries.Found.class,
                f -> assertThat(f.battle().id()).as("the first killmail's id").isEqualTo(3000));
    }

    @Test
    void npcKillmailsAreLeftOut() {
        DerivedKillmail npc = killmail(4005, "2026-11-04T10:02:30Z").system(35, REGION).victim(loser(B, 9, RIFTER))
                .attacker(attacker(null, 1000125L, null, 23707, true)).npc().build();
        write(kill(4001, "2026-11-04T10:00:00Z", 35), kill(4002, "2026-11-04T10:01:00Z", 35),
                kill(4003, "2026-11-04T10:02:00Z", 35), kill(4004, "2026-11-04T10:03:00Z", 35), npc);
        assertThat(battlesOf(35)).as("4 non-npc and 1 npc: no battle").isEmpty();
        // an npc killmail does not bridge a gap either
        write(killmail(4006, "2026-11-04T10:15:00Z").system(35, REGION).victim(loser(B, 9, RIFTER))
                .attacker(attacker(null, 1000125L, null, 23707, true)).npc().build(),
                kill(4007, "2026-11-04T10:25:00Z", 35));
        assertThat(battlesOf(35)).isEmpty();
        write(kill(4008, "2026-11-04T10:04:00Z", 35));
        assertThat(battlesOf(35)).containsExactly(List.of(4001L, 4002L, 4003L, 4004L, 4008L));
    }

    @Test
    void aLateKillmailJoinsTwoBattlesOfOneSystem() {
        write(kill(5001, "2026-11-05T00:00:00Z", 36), kill(5002, "2026-11-05T00:01:00Z", 36),
                kill(5003, "2026-11-05T00:02:00Z", 36), kill(5004, "2026-11-05T00:03:00Z", 36),
                kill(5005, "2026-11-05T00:04:00Z", 36));
        write(kill(5011, "2026-11-05T00:24:00Z", 36), kill(5012, "2026-11-05T00:25:00Z", 36),
                kill(5013, "2026-11-05T00:26:00Z", 36), kill(5014, "2026-11-05T00:27:00Z", 36),
                kill(5015, "2026-11-05T00:28:00Z", 36));
        assertThat(battlesOf(36)).as("two battles 20 minutes apart").containsExactly(
                List.of(5001L, 5002L, 5003L, 5004L, 5005L), List.of(5011L, 5012L, 5013L, 5014L, 5015L));
        assertThat(battles.battle(5011)).isPresent();

        write(kill(5020, "2026-11-05T00:14:00Z", 36));

        assertThat(battlesOf(36)).containsExactly(List.of(5001L, 5002L, 5003L, 5004L, 5005L, 5011L, 5012L, 5013L,
                5014L, 5015L, 5020L));
        assertThat(battles.battle(5011)).as("the second battle is part of the first now").isEmpty();
        assertThat(battles.ofKillmail(5015)).isInstanceOfSatisfying(BattleQueries.Found.class,
                f -> assertThat(f.battle().id()).isEqualTo(5001));
        assertThat((long) db.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM battle_killmails WHERE battle_id = 5001").mapTo(Long.class).one())).isEqualTo(11);
    }

    @Test
    void theTwoAlliancesOfATwoPartyFightLandOnOppositeSides() {
        write(killmail(6001, "2026-11-06T20:00:00Z").system(37, REGION).victim(loser(B, 1, RIFTER))
                        .attacker(shooter(A, 1, MACHARIEL, true)).attacker(shooter(A, 2, RIFTER, false))
                        .value("100.00").build(),
                killmail(6002, "2026-11-06T20:01:00Z").system(37, REGION).victim(loser(B, 2, MACHARIEL))
                        .attacker(shooter(A, 1, MACHARIEL, true)).value("200.00").build(),
                killmail(6003, "2026-11-06T20:02:00Z").system(37, REGION).victim(loser(A, 2, RIFTER))
                        .attacker(shooter(B, 3, RIFTER, true)).value("300.00").build(),
                killmail(6004, "2026-11-06T20:03:00Z").system(37, REGION).victim(loser(B, 3, RIFTER))
                        .attacker(shooter(A, 1, MACHARIEL, true)).value("400.00").build(),
                killmail(6005, "2026-11-06T20:04:00Z").system(37, REGION).victim(loser(B, 4, RIFTER))
                        .attacker(shooter(A, 3, RIFTER, true)).value("500.00").build());
        Battle b = battles.battle(6001).orElseThrow();
        assertThat(b.killmails()).isEqualTo(5);
        assertThat(b.iskDestroyed()).isEqualByComparingTo("1500");
        assertThat(b.pilots()).isEqualTo(7);
        assertThat(b.sides()).hasSize(2);
        Battle.Side a = b.sides().get(0);
        Battle.Side bee = b.sides().get(1);
        assertThat(a.alliances()).containsExactly(A);
        assertThat(bee.alliances()).containsExactly(B);
        assertThat(a.characters()).containsExactly(pilot(A, 1), pilot(A, 2), pilot(A, 3));
        assertThat(a.corporations()).containsExactly(corp(A));
        assertThat(a.kills()).isEqualTo(4);
        assertThat(a.losses()).isEqualTo(1);
        assertThat(a.iskLost()).isEqualByComparingTo("300");
        assertThat(bee.kills()).isEqualTo(1);
        assertThat(bee.losses()).isEqualTo(4);
        assertThat(bee.iskLost()).isEqualByComparingTo("1200");
        assertThat(a.ships()).containsExactly(new Battle.Ship(RIFTER, null, 2, 1), new Battle.Ship(MACHARIEL, null, 1, 0));
        assertThat(bee.ships()).containsExactly(new Battle.Ship(RIFTER, null, 3, 3), new Battle.Ship(MACHARIEL, null, 1, 1));
        assertThat(a.name()).as("no name stored: the lead group's kind and id").isEqualTo("alliance " + A);
    }

    @Test
    void aThirdPartyThatFoughtBothIsASideOfItsOwnAndAGroupWithNoHostileLinkIsUnaligned() {
        long[][] fights = {{A, B}, {B, C}, {C, A}, {A, C}, {B, A}, {C, B}};
        List<DerivedKillmail> kms = new ArrayList<>();
        for (int i = 0; i < fights.length; i++) {
            kms.add(killmail(7001 + i, "2026-11-07T20:0" + i + ":00Z").system(38, REGION)
                    .victim(loser(fights[i][1], 10 + i, RIFTER)).attacker(shooter(fights[i][0], 1, RIFTER, true)).build());
        }
        // corporation 98 900 000 (no alliance) only kills its own member: no hostile link
        kms.add(killmail(7010, "2026-11-07T20:06:30Z").system(38, REGION)
                .victim(victim(95_900_001L, 98_900_000L, null, RIFTER))
                .attacker(attacker(95_900_002L, 98_900_000L, null, RIFTER, true)).awox().build());
        writer.write(kms, "test", KillmailWriter.InTransaction.NOTHING);
        Battle b = battles.battle(7001).orElseThrow();
        assertThat(b.sides()).hasSize(4);
        assertThat(b.sides().subList(0, 3)).extracting(Battle.Side::alliances)
                .containsExactlyInAnyOrder(List.of(A), List.of(B), List.of(C));
        assertThat(b.sides().subList(0, 3)).allSatisfy(s -> {
            assertThat(s.kills()).isEqualTo(2);
            assertThat(s.losses()).isEqualTo(2);
        });
        Battle.Side unaligned = b.sides().get(3);
        assertThat(unaligned.name()).isEqualTo("unaligned");
        assertThat(unaligned.corporations()).containsExactly(98_900_000L);
        assertThat(unaligned.characters()).containsExactly(95_900_001L, 95_900_002L);
    }

    @Test
    void twoAlliesAndOneEnemyMakeTwoSides() {
        // A and C both fight B and never each other: allies, two sides
        write(killmail(8001, "2026-11-08T20:00:00Z").system(39, REGION).victim(loser(B, 1, RIFTER))
                        .attacker(shooter(A, 1, RIFTER, true)).attacker(shooter(C, 1, RIFTER, false)).build(),
                killmail(8002, "2026-11-08T20:01:00Z").system(39, REGION).victim(loser(B, 2, RIFTER))
                        .attacker(shooter(C, 2, RIFTER, true)).build(),
                killmail(8003, "2026-11-08T20:02:00Z").system(39, REGION).victim(loser(A, 2, RIFTER))
                        .attacker(shooter(B, 3, RIFTER, true)).build(),
                killmail(8004, "2026-11-08T20:03:00Z").system(39, REGION).victim(loser(C, 3, RIFTER))
                        .attacker(shooter(B, 3, RIFTER, true)).build(),
                killmail(8005, "2026-11-08T20:04:00Z").system(39, REGION).victim(loser(B, 4, RIFTER))
                        .attacker(shooter(A, 3, RIFTER, true)).build());
        Battle b = battles.battle(8001).orElseThrow();
        assertThat(b.sides()).extracting(Battle.Side::alliances).containsExactly(List.of(A, C), List.of(B));
    }

    @Test
    void dbVerifyRecomputesBattlesAndReportsARowDeletedOrAltered() {
        write(kill(9001, "2026-10-10T00:00:00Z", 40), kill(9002, "2026-10-10T00:01:00Z", 40),
                kill(9003, "2026-10-10T00:02:00Z", 40), kill(9004, "2026-10-10T00:03:00Z", 40),
                kill(9005, "2026-10-10T00:04:00Z", 40));
        assertThat(verify("battles").differences()).isZero();
        assertThat(verify("battles").rowsChecked()).isPositive();
        assertThat(verify("battle_killmails").differences()).isZero();

        db.jdbi().useHandle(h -> h.execute("UPDATE battles SET isk_destroyed = 1 WHERE battle_id = 9001"));
        Verification altered = verify("battles");
        assertThat(altered.differences()).isEqualTo(1);
        assertThat(altered.samples()).singleElement().asString().startsWith("battle 9001: stored");

        db.jdbi().useHandle(h -> h.execute("DELETE FROM battles WHERE battle_id = 9001"));
        Verification deleted = verify("battles");
        assertThat(deleted.differences()).isEqualTo(1);
        assertThat(deleted.samples()).singleElement().asString().endsWith("missing");

        db.jdbi().useHandle(h -> BattleMaintenance.refreshRange(h, Instant.parse("2026-10-01T00:00:00Z"),
                Instant.parse("2026-11-01T00:00:00Z")));
        assertThat(verify("battles").differences()).as("a recomputation of the month repairs it").isZero();
    }

    @Test
    void battlesSurviveArchiveAndRestoreAndVerifyLeavesArchivedMonthsOut(@TempDir Path dir) {
        write(kill(9101, "2025-06-10T00:00:00Z", 41), kill(9102, "2025-06-10T00:01:00Z", 41),
                kill(9103, "2025-06-10T00:02:00Z", 41), kill(9104, "2025-06-10T00:03:00Z", 41),
                kill(9105, "2025-06-10T00:04:00Z", 41));
        Battle before = battles.battle(9101).orElseThrow();
        PartitionArchiver archiver = new PartitionArchiver(db.database(), CLOCK, PartitionArchiver.Steps.NONE);
        archiver.archive(YearMonth.of(2025, 7), dir);

        assertThat(battles.battle(9101)).contains(before);
        assertThat(verify("battles").differences()).as("June 2025 is left out").isZero();

        for (String t : List.of("killmails", "killmail_payloads", "participants")) {
            archiver.restore(dir.resolve(t + "_2025_06.manifest.json"));
        }
        assertThat(battles.battle(9101)).contains(before);
        assertThat(verify("battles").differences()).isZero();
    }

    private Verification verify(String table) {
        Optional<ReadModel.Table> t = ReadModel.standard().table(table);
        return t.orElseThrow().check().orElseThrow().verify(db.database(), DayRange.ALL,
                dev.evedmv.readmodel.DerivedTable.Progress.NONE);
    }
}
