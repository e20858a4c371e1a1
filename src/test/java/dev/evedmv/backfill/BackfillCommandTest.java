package dev.evedmv.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.bench.SdeTablesCatalogSource;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.cli.Main;
import dev.evedmv.ingest.RollupVerifier;
import dev.evedmv.sde.StaticDataBootstrap;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * {@code backfill everef} and {@code backfill zkillboard} run as commands against local stand-ins
 * of EVE Ref, zKillboard's history and ESI ({@link FakeHistory}), on generated killmails of four
 * days of October 2026 (a past month: the first import backfills it whole).
 */
@ExtendWith(PostgresExtension.class)
class BackfillCommandTest {
    static final LocalDate D1 = LocalDate.of(2026, 10, 1);
    static final LocalDate D2 = D1.plusDays(1);
    static final LocalDate D3 = D1.plusDays(2);
    static final LocalDate D4 = D1.plusDays(3);
    /** "Now" for every command: yesterday is 2026-11-09. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-10T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<LocalDate, Map<Long, byte[]>> DAYS = new TreeMap<>();

    private final TestDatabase db;
    private FakeHistory fake;

    BackfillCommandTest(TestDatabase db) {
        this.db = db;
    }

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void generate(TestDatabase db, @TempDir Path dir) throws Exception {
        DAYS.putAll(generated(db, dir, 800, 41, D1, D4));
    }

    /** Generated killmails of [from, to], day → id → ESI JSON. */
    static Map<LocalDate, Map<Long, byte[]>> generated(TestDatabase db, Path dir, int count, long seed, LocalDate from,
                                                        LocalDate to) throws Exception {
        StaticDataBootstrap.ensureLoaded(db.database());
        new SyntheticKillmails(new SdeTablesCatalogSource().load(db.database())).generate(new SyntheticKillmails.Options(
                count, seed, from, to, SyntheticKillmails.ArchiveFormat.of("tar.gz"), 2,
                GeneratedKillmails.endOf(to)), dir);
        Map<LocalDate, Map<Long, byte[]>> out = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.put(d, FakeHistory.read(dir.resolve(SyntheticKillmails.archiveName(d, SyntheticKillmails.ArchiveFormat.of("tar.gz")))));
        }
        return out;
    }

    @BeforeEach
    void start() throws Exception {
        clean(db);
        fake = new FakeHistory();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static void clean(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("TRUNCATE killmail_directory, killmails, killmail_payloads, participants, "
                + "entity_daily, rollup_days, rejected_input, backfill_days, backfill_runs"));
    }

    Run run(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(fake.env(db.env()));
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run run(String... args) {
        return run(Map.of(), args);
    }

    long stored() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM killmail_directory").mapTo(Long.class).one());
    }

    static int total(LocalDate... days) {
        int n = 0;
        for (LocalDate d : days) {
            n += DAYS.get(d).size();
        }
        return n;
    }

    /** Every killmail once in every table, and rollups equal to a recomputation. */
    void assertExactlyOnce(long expected) {
        Map<String, Object> counts = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM killmail_directory) AS directory,
                       (SELECT count(*) FROM killmails) AS killmails,
                       (SELECT count(DISTINCT killmail_id) FROM killmails) AS distinct_killmails,
                       (SELECT count(*) FROM killmail_payloads) AS payloads,
                       (SELECT count(*) FROM participants WHERE slot = 0) AS victims""").mapToMap().one());
        assertThat(counts).containsEntry("directory", expected).containsEntry("killmails", expected)
                .containsEntry("distinct_killmails", expected).containsEntry("payloads", expected)
                .containsEntry("victims", expected);
        assertThat(new RollupVerifier(db.database()).verify()).as("rollups equal a recomputation").isEmpty();
    }

    List<FakeHistory.Request> archiveRequests(int from) {
        return fake.requests.subList(from, fake.requests.size()).stream()
                .filter(r -> r.path().endsWith(".tar.bz2")).toList();
    }

    List<String> reasons() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT reason FROM rejected_input").mapTo(String.class).list());
    }

    Map<String, Object> day(LocalDate day, String source) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM backfill_days WHERE source = :s AND day = :d")
                .bind("s", source).bind("d", day).mapToMap().one());
    }

    @Test
    void firstRunImportsEveryDaySecondDownloadsNothingAndADayThatGainsIsTheOnlyOneFetchedAgain() throws Exception {
        Map<Long, byte[]> d3 = DAYS.get(D3);
        fake.publish(D1, DAYS.get(D1));
        fake.publish(D2, DAYS.get(D2));
        fake.publish(D3, FakeHistory.first(d3, d3.size() - 20));
        fake.publish(D4, DAYS.get(D4));
        fake.everefTotals.put(D1.minusDays(1), 0L); // listed without killmails: skipped
        fake.everefTotals.put(D4.plusDays(1), 7L);  // --until is exclusive
        String[] args = {"backfill", "everef", "--since", D1.minusDays(1).toString(), "--until", D4.plusDays(1).toString(),
                "--json", "--no-progress"};

        Run first = run(args);
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode j = first.json();
        List<String> keys = new java.util.ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("days_listed", "days_downloaded", "days_unchanged", "bytes_downloaded",
                "killmails_new", "killmails_duplicate", "rejected");
        long archiveBytes = fake.archive(D1).length + fake.archive(D2).length + fake.archive(D3).length + fake.archive(D4).length;
        assertThat(j.path("days_listed").asLong()).isEqualTo(5);
        assertThat(j.path("days_downloaded").asLong()).isEqualTo(4);
        assertThat(j.path("days_unchanged").asLong()).isZero();
        assertThat(j.path("bytes_downloaded").asLong()).isEqualTo(archiveBytes);
        assertThat(j.path("killmails_new").asLong()).isEqualTo(total(D1, D2, D3, D4) - 20);
        assertThat(j.path("killmails_duplicate").asLong()).isZero();
        assertThat(j.path("rejected").asLong()).isZero();
        assertThat(fake.requests).noneMatch(r -> r.path().contains(D1.minusDays(1).toString()) || r.path().contains(D4.plusDays(1).toString()));
        assertThat(fake.requests).allMatch(r -> "eve-dmv-test (backfill)".equals(r.userAgent()));
        assertThat(day(D2, "everef")).containsEntry("outcome", "imported")
                .containsEntry("killmails", (long) DAYS.get(D2).size()).containsEntry("stored", (long) DAYS.get(D2).size())
                .containsEntry("listed", (long) DAYS.get(D2).size());
        assertThat(day(D2, "everef").get("etag")).isNotNull();
        try (var left = Files.list(db.home().resolve("backfill").resolve("everef"))) {
            assertThat(left.toList()).as("archives are deleted after import").isEmpty();
        }
        assertExactlyOnce(total(D1, D2, D3, D4) - 20);

        int before = fake.requests.size();
        Run second = run(args);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.json().path("days_downloaded").asLong()).isZero();
        assertThat(second.json().path("days_unchanged").asLong()).isEqualTo(4);
        assertThat(second.json().path("bytes_downloaded").asLong()).isZero();
        assertThat(second.json().path("killmails_new").asLong()).isZero();
        assertThat(archiveRequests(before)).hasSize(4)
                .allMatch(r -> r.status() == 304 && r.ifNoneMatch() != null);

        fake.publish(D3, d3); // rewritten in place with 20 late killmails; totals.json follows
        before = fake.requests.size();
        Run third = run(args);
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(third.json().path("days_downloaded").asLong()).isEqualTo(1);
        assertThat(third.json().path("days_unchanged").asLong()).isEqualTo(3);
        assertThat(third.json().path("killmails_new").asLong()).isEqualTo(20);
        assertThat(third.json().path("killmails_duplicate").asLong()).isEqualTo(d3.size() - 20);
        assertThat(archiveRequests(before).stream().filter(r -> r.status() == 200).map(FakeHistory.Request::path))
                .containsExactly("/everef/killmails/2026/killmails-" + D3 + ".tar.bz2");
        assertExactlyOnce(total(D1, D2, D3, D4));

        Run plain = run("backfill", "everef", "--since", D1.toString(), "--until", D2.toString(), "--no-progress");
        assertThat(plain.out().strip()).matches("everef: 1 days listed, 0 downloaded, 1 unchanged, 0 bytes; 0 killmails new, "
                + "0 duplicates, 0 rejected in [0-9.]+ s");
    }

    @Test
    void tooManyRequestsIsWaitedOutForItsRetryAfter() throws Exception {
        fake.publish(D1, DAYS.get(D1));
        fake.publish(D2, DAYS.get(D2));
        String path = "/everef/killmails/2026/killmails-" + D2 + ".tar.bz2";
        fake.trouble.put(path, FakeHistory.Trouble.status(1, 429, "1"));
        Run r = run("backfill", "everef", "--since", D1.toString(), "--until", D3.toString(), "--json", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().path("days_downloaded").asLong()).isEqualTo(2);
        List<FakeHistory.Request> asked = fake.requestsTo(path);
        assertThat(asked).extracting(FakeHistory.Request::status).containsExactly(429, 200);
        assertThat(asked.get(1).atNanos() - asked.get(0).atNanos()).as("waited Retry-After: 1 s").isGreaterThanOrEqualTo(950_000_000L);
        assertExactlyOnce(total(D1, D2));
    }

    @Test
    void badAnswersEndInAClearLineAndARecordedOutcomeAndTheNextRunStoresEveryKillmailOnce() throws Exception {
        for (LocalDate d : List.of(D1, D2, D3, D4)) {
            fake.publish(d, DAYS.get(d));
        }
        String prefix = "/everef/killmails/2026/killmails-";
        fake.trouble.put(prefix + D1 + ".tar.bz2", new FakeHistory.Trouble(1, 0, null, false, false, true));
        fake.trouble.put(prefix + D2 + ".tar.bz2", new FakeHistory.Trouble(1, 0, null, false, true, false));
        fake.trouble.put(prefix + D3 + ".tar.bz2", FakeHistory.Trouble.status(100, 503, null));
        fake.trouble.put(prefix + D4 + ".tar.bz2", new FakeHistory.Trouble(100, 0, null, true, false, false));
        String[] args = {"backfill", "everef", "--since", D1.toString(), "--until", D4.plusDays(1).toString(), "--json", "--no-progress"};

        Run first = run(Map.of("EVEDMV_BACKFILL_TIMEOUT", "300ms"), args);
        assertThat(first.code()).isEqualTo(1);
        assertThat(first.err()).contains("eve-dmv: 4 days of EVE Ref's archives failed")
                .contains("backfill: everef " + D1 + ": unreadable archive").contains("truncated bzip2 stream")
                .contains("backfill: everef " + D2 + ": ").contains("is not an archive but text/html")
                .contains("backfill: everef " + D3 + ": ").contains("HTTP 503 (status 503) after 5 attempts")
                .contains("backfill: everef " + D4 + ": ").contains("no answer within 300ms");
        assertThat(first.json().path("rejected").asLong()).as("the unreadable archive").isEqualTo(1);
        assertThat(first.json().path("killmails_new").asLong()).isZero();
        assertThat(day(D1, "everef")).containsEntry("outcome", "corrupt");
        assertThat(day(D2, "everef")).containsEntry("outcome", "failed");
        assertThat(day(D3, "everef")).containsEntry("outcome", "failed");
        assertThat(day(D4, "everef")).containsEntry("outcome", "failed");
        assertThat((String) day(D4, "everef").get("detail")).contains("no answer within");
        assertThat(stored()).as("nothing of a truncated archive is stored").isZero();
        assertThat(reasons())
                .singleElement().asString().contains("truncated bzip2 stream", "nothing of it stored");

        fake.trouble.clear();
        Run second = run(args);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.json().path("days_downloaded").asLong()).isEqualTo(4);
        assertThat(second.json().path("killmails_new").asLong()).isEqualTo(total(D1, D2, D3, D4));
        assertExactlyOnce(total(D1, D2, D3, D4));
    }

    @Test
    void anArchiveWhoseCountDiffersFromTotalsIsImportedWarnedAndRecorded() throws Exception {
        fake.publish(D1, DAYS.get(D1));
        long listed = DAYS.get(D1).size() + 3L;
        fake.everefTotals.put(D1, listed);
        Run r = run("backfill", "everef", "--since", D1.toString(), "--until", D2.toString(), "--json", "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("backfill: everef " + D1 + ": the archive holds " + DAYS.get(D1).size()
                + " killmails and totals.json lists " + listed);
        assertThat(day(D1, "everef")).containsEntry("outcome", "count_differs").containsEntry("listed", listed)
                .containsEntry("killmails", (long) DAYS.get(D1).size()).containsEntry("stored", (long) DAYS.get(D1).size());
        assertExactlyOnce(total(D1));
    }

    @Test
    void aZkillboardDumpThatIsHtmlFailsItsDayAndTheRunGoesOn() throws Exception {
        fake.listOnZkillboard(D1, DAYS.get(D1));
        fake.listOnZkillboard(D2, DAYS.get(D2));
        fake.trouble.put("/zkb/20261001.json", new FakeHistory.Trouble(1, 0, null, false, true, false));
        Run r = run("backfill", "zkillboard", "--since", D1.toString(), "--until", D3.toString(), "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("backfill: zkillboard " + D1 + ": zKillboard's ", "/zkb/20261001.json is not JSON but text/html")
                .contains("eve-dmv: 1 day of zKillboard's history failed");
        assertThat(r.json().path("fetched").asLong()).as("the other day").isEqualTo(DAYS.get(D2).size());
        assertThat(day(D1, "zkillboard")).containsEntry("outcome", "failed");
        assertThat(day(D2, "zkillboard")).containsEntry("outcome", "repaired");

        Run again = run("backfill", "zkillboard", "--since", D1.toString(), "--until", D3.toString(), "--json");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.json().path("fetched").asLong()).isEqualTo(DAYS.get(D1).size());
        assertExactlyOnce(total(D1, D2));
    }

    @Test
    void htmlInsteadOfTotalsIsOneClearLine() {
        fake.trouble.put("/everef/killmails/totals.json", new FakeHistory.Trouble(100, 0, null, false, true, false));
        Run r = run("backfill", "everef", "--no-progress");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("eve-dmv: cannot read EVE Ref's totals.json: ")
                .contains("is not JSON but text/html");
        assertThat(r.err().strip().lines().filter(l -> l.startsWith("eve-dmv:")).count()).isEqualTo(1);
    }

    @Test
    void zkillboardRepairFetchesExactlyTheIdsTheArchivesLackAndRecordsWhatEsiRefuses() throws Exception {
        Map<Long, byte[]> d1 = DAYS.get(D1);
        fake.publish(D1, FakeHistory.first(d1, d1.size() - 15));
        fake.publish(D2, DAYS.get(D2));
        Run everef = run("backfill", "everef", "--since", D1.toString(), "--until", D3.toString(), "--no-progress");
        assertThat(everef.code()).as(everef.err()).isZero();
        fake.listOnZkillboard(D1, d1);
        fake.listOnZkillboard(D2, DAYS.get(D2));
        List<Long> lacking = d1.keySet().stream().skip(d1.size() - 15).toList();
        long refused = lacking.get(0);
        fake.zkbDays.get(D1).put(refused, "00ff00ff"); // a hash ESI refuses
        int before = fake.requests.size();

        Run r = run("backfill", "zkillboard", "--since", D1.toString(), "--until", D3.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        List<String> keys = new java.util.ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("days_listed", "listed", "already_stored", "fetched", "failed");
        assertThat(j.path("days_listed").asLong()).isEqualTo(2);
        assertThat(j.path("listed").asLong()).isEqualTo(total(D1, D2));
        assertThat(j.path("already_stored").asLong()).isEqualTo(total(D1, D2) - 15);
        assertThat(j.path("fetched").asLong()).isEqualTo(14);
        assertThat(j.path("failed").asLong()).isEqualTo(1);
        List<FakeHistory.Request> esi = fake.requests.subList(before, fake.requests.size()).stream()
                .filter(q -> q.path().startsWith("/esi/")).toList();
        assertThat(FakeHistory.ids(esi)).containsExactlyInAnyOrderElementsOf(lacking);
        assertThat(esi).hasSize(15);
        assertThat(esi).allMatch(q -> "eve-dmv-test (backfill)".equals(q.userAgent()));
        assertThat(reasons())
                .singleElement().asString().contains("422", "/killmails/" + refused + "/00ff00ff/", "Invalid killmail_id");
        long repairedId = lacking.get(1);
        String hash = db.jdbi().withHandle(h -> h.createQuery("SELECT hash FROM killmails WHERE killmail_id = :id")
                .bind("id", repairedId).mapTo(String.class).one());
        assertThat(hash).isEqualTo(FakeHistory.hashOf(repairedId));
        assertExactlyOnce(total(D1, D2) - 1);

        int again = fake.requests.size();
        Run second = run("backfill", "zkillboard", "--since", D1.toString(), "--until", D3.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out().strip()).matches("zkillboard: 2 days listed, " + String.format(java.util.Locale.ROOT, "%,d", total(D1, D2))
                + " killmails listed, .* 0 fetched, 0 failed in [0-9.]+ s");
        assertThat(fake.requests.subList(again, fake.requests.size())).extracting(FakeHistory.Request::path)
                .as("complete days are not asked for again").containsExactly("/zkb/totals.json");
    }

    @Test
    void serveRecheckRepairsTheLastDaysAndHealthReportsIt() throws Exception {
        Clock now = Clock.fixed(D4.plusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        for (LocalDate d : List.of(D1, D2, D3, D4)) {
            fake.publish(d, DAYS.get(d));
        }
        Map<String, String> env = new HashMap<>(fake.env(db.env()));
        env.put("EVEDMV_BACKFILL_DAYS", "2");
        BackfillRecheck.Run r = new BackfillRecheck(db.database(), EveDmvConfig.from(env), now).runOnce();
        assertThat(r.failedDays()).as(r.detail()).isZero();
        assertThat(r.repaired()).isEqualTo(total(D3, D4));
        assertThat(stored()).as("only the last two days").isEqualTo(total(D3, D4));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.execute(new String[] {"health", "--json"}, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), now);
        JsonNode check = null;
        for (JsonNode c : JSON.readTree(out.toString(StandardCharsets.UTF_8)).path("checks")) {
            if (c.path("name").asText().equals("backfill")) {
                check = c;
            }
        }
        assertThat(check).isNotNull();
        assertThat(check.path("status").asText()).isEqualTo("ok");
        assertThat(check.toString()).contains("last re-check of 2 days at 2026-10-05T06:00:00Z",
                String.format(java.util.Locale.ROOT, "%,d killmails missing", total(D3, D4)));
    }
}
