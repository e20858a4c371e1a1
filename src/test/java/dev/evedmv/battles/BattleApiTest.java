package dev.evedmv.battles;

import static dev.evedmv.battles.BattlesTest.A;
import static dev.evedmv.battles.BattlesTest.B;
import static dev.evedmv.battles.BattlesTest.kill;
import static dev.evedmv.battles.BattlesTest.loser;
import static dev.evedmv.battles.BattlesTest.shooter;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.api.BattleRoutes;
import dev.evedmv.api.HttpServer;
import dev.evedmv.bench.SdeTablesCatalogSource;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.cli.Main;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.ImportJob;
import dev.evedmv.ingest.Importer;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.sde.StaticDataBootstrap;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The battle API and CLI (docs/battles.md): answers, 404s and 400s as JSON, keyset pages, the CLI's
 * --json equal to the API's, and on generated killmails (backfilled months, then live writes into
 * them) the same battles as an independent computation of the definition in SQL.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BattleApiTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private TestDatabase db;
    private HttpServer server;

    @BeforeAll
    void start(TestDatabase db) {
        this.db = db;
        KillmailWriter writer = new KillmailWriter(db.database(), CLOCK);
        // seven battles of five killmails, one an hour on 2026-11-20 in systems 51 and 52, and one in system 53
        List<DerivedKillmail> kms = new ArrayList<>();
        for (int b = 0; b < 7; b++) {
            for (int k = 0; k < 5; k++) {
                kms.add(kill(10_000 + b * 10 + k, Instant.parse("2026-11-20T00:00:00Z").plusSeconds(3600L * b + 60L * k)
                        .toString(), 51 + b % 2));
            }
        }
        for (int k = 0; k < 6; k++) {
            kms.add(killmail(10_100 + k, "2026-11-21T10:0" + k + ":00Z").system(53, 10000002).victim(loser(B, k, 587))
                    .attacker(shooter(A, 1, 17738, true)).build());
        }
        kms.add(kill(10_200, "2026-11-22T10:00:00Z", 54));
        writer.write(kms, "test", KillmailWriter.InTransaction.NOTHING);
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO names (id, category, name) VALUES (99000001, 'alliance', 'Alpha Alliance');
                INSERT INTO sde_categories (category_id, name) VALUES (6, 'Ship') ON CONFLICT DO NOTHING;
                INSERT INTO sde_groups (group_id, category_id, name) VALUES (25, 6, 'Frigate') ON CONFLICT DO NOTHING;
                INSERT INTO sde_types (type_id, group_id, name) VALUES (587, 25, 'Rifter') ON CONFLICT DO NOTHING;
                INSERT INTO sde_systems (system_id, constellation_id, region_id, name, security)
                    VALUES (53, 20000001, 10000002, 'Fiftythree', 0.1) ON CONFLICT DO NOTHING"""));
        server = HttpServer.start(0, new Readiness(db.database(), List.of()), db.registry(),
                new BattleRoutes(new BattleQueries(db.database()), CLOCK));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void aKillmailsBattleHasEveryFieldOfTheContract() throws Exception {
        JsonNode b = ok("/api/v1/killmails/10103/battle");
        List<String> fields = new ArrayList<>();
        b.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "solar_system_id", "system_name", "region_id", "start", "end",
                "killmails", "killmail_ids", "isk_destroyed", "pilots", "sides");
        assertThat(b.get("id").asLong()).isEqualTo(10_100);
        assertThat(b.get("system_name").asText()).isEqualTo("Fiftythree");
        assertThat(b.get("region_id").asInt()).isEqualTo(10000002);
        assertThat(b.get("start").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(b.get("end").asText()).isEqualTo("2026-11-21T10:05:00Z");
        assertThat(b.get("killmail_ids").toString()).isEqualTo("[10100,10101,10102,10103,10104,10105]");
        JsonNode side = b.get("sides").get(0);
        List<String> sideFields = new ArrayList<>();
        side.fieldNames().forEachRemaining(sideFields::add);
        assertThat(sideFields).containsExactly("name", "alliances", "corporations", "characters", "kills", "losses",
                "isk_lost", "ships");
        assertThat(side.get("name").asText()).isEqualTo("Alpha Alliance");
        assertThat(b.get("sides").get(1).get("ships").get(0).toString())
                .isEqualTo("{\"type_id\":587,\"name\":\"Rifter\",\"pilots\":6,\"lost\":6}");
        assertThat(ok("/api/v1/battles/10100")).isEqualTo(b);
        assertThat(ok("/api/v1/battles/10100/killmails").get("killmails")).hasSize(6)
                .allSatisfy(k -> assertThat(k.get("victim_side").asInt()).isEqualTo(1));
    }

    @Test
    void theListPagesThroughEveryBattleNewestFirst() throws Exception {
        List<Long> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = ok("/api/v1/battles?since=2026-11-20&until=2026-11-23&limit=3"
                    + (next == null ? "" : "&before=" + next));
            page.get("battles").forEach(b -> seen.add(b.get("id").asLong()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(10_100L, 10_060L, 10_050L, 10_040L, 10_030L, 10_020L, 10_010L, 10_000L);
        assertThat(ids(ok("/api/v1/battles?since=2026-11-20&until=2026-11-21&system_id=52"))).containsExactly(10_050L,
                10_030L, 10_010L);
        assertThat(ids(ok("/api/v1/battles?since=2026-11-01&until=2026-11-30&region_id=10000002")))
                .containsExactly(10_100L);
        assertThat(ids(ok("/api/v1/battles?since=2026-11-01&until=2026-11-30&min_killmails=6"))).containsExactly(10_100L);
        assertThat(ids(ok("/api/v1/battles?since=2026-11-21&until=2026-11-22"))).containsExactly(10_100L);
        assertThat(ok("/api/v1/battles?since=2026-11-20&until=2026-11-23").get("next").isNull()).isTrue();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("battles").forEach(b -> ids.add(b.get("id").asLong()));
        return ids;
    }

    @Test
    void unknownIdsAnswer404AndBadParameters400AsJson() throws Exception {
        expect("/api/v1/battles/424242", 404, "unknown battle");
        expect("/api/v1/killmails/424242/battle", 404, "unknown killmail");
        expect("/api/v1/killmails/10200/battle", 404, "no battle");
        expect("/api/v1/battles/abc", 400, "invalid battle_id");
        expect("/api/v1/battles?since=2026-11-20&until=2026-11-19", 400, "empty range");
        expect("/api/v1/battles?limit=0", 400, "invalid limit");
        expect("/api/v1/battles?limit=101", 400, "invalid limit");
        expect("/api/v1/battles?before=not-a-cursor", 400, "invalid cursor");
        expect("/api/v1/battles?system_id=-3", 400, "invalid system_id");
        expect("/api/v1/battles?since=2026-13-01", 400, "invalid since");
        expect("/api/v1/battles?min_killmails=0", 400, "invalid min_killmails");
    }

    private void expect(String path, int status, String error) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("error").asText()).as(path).isEqualTo(error);
        assertThat(body.get("detail").asText()).isNotBlank();
    }

    @Test
    void theCliJsonEqualsTheApis() throws Exception {
        assertThat(json.readTree(cli("query", "battle", "10104", "--json")))
                .isEqualTo(ok("/api/v1/killmails/10104/battle"));
        assertThat(json.readTree(cli("query", "battles", "--since", "2026-11-20", "--until", "2026-11-23", "--json")))
                .isEqualTo(ok("/api/v1/battles?since=2026-11-20&until=2026-11-23"));
        assertThat(json.readTree(cli("query", "battles", "--since", "2026-11-20", "--until", "2026-11-23",
                "--system", "51", "--json"))).isEqualTo(ok("/api/v1/battles?since=2026-11-20&until=2026-11-23&system_id=51"));
        assertThat(cli("query", "battle", "10104")).contains("side Alpha Alliance").contains("Rifter");
    }

    private String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Generated killmails backfilled into empty months, then more written live into the same days
     * (late killmails that extend, join and create battles): the battles equal an independent
     * computation of the definition (a recursive walk in SQL), killmail for killmail, and the list
     * pages through exactly them.
     */
    @Test
    void generatedKillmailsGiveTheBattlesOfAnIndependentComputation(@TempDir Path dir) throws Exception {
        StaticDataBootstrap.ensureLoaded(db.database());
        Clock end = Clock.fixed(GeneratedKillmails.endOf(LocalDate.of(2026, 9, 2)), ZoneOffset.UTC);
        for (long seed : new long[] {11, 12}) {
            Path data = dir.resolve("data" + seed);
            new SyntheticKillmails(new SdeTablesCatalogSource().load(db.database())).generate(
                    new SyntheticKillmails.Options(3_000, seed, LocalDate.of(2026, 8, 30), LocalDate.of(2026, 9, 2),
                            SyntheticKillmails.ArchiveFormat.of("tar.gz"), 2, end.instant()), data);
            ImportJob.run(db.database(), List.of(data), 500, 2, seed == 11, end, files -> Importer.Progress.NONE);
            List<String> expected = independent();
            assertThat(expected).as("the generated days hold battles").hasSizeGreaterThan(3);
            List<String> listed = new ArrayList<>();
            String next = null;
            do {
                JsonNode page = ok("/api/v1/battles?since=2026-08-01&until=2026-10-01&limit=100"
                        + (next == null ? "" : "&before=" + next));
                page.get("battles").forEach(b -> listed.add(b.get("killmail_ids").toString().replace("[", "{")
                        .replace("]", "}")));
                next = page.get("next").isNull() ? null : page.get("next").asText();
            } while (next != null);
            assertThat(listed).as("seed " + seed).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** The definition computed independently: a recursive walk over each system's non-npc killmails. */
    private List<String> independent() {
        return db.jdbi().withHandle(h -> {
            h.begin();
            h.execute("""
                    CREATE TEMP TABLE ordered_kms AS
                    SELECT solar_system_id AS s, killmail_id AS id, killmail_time AS t,
                           row_number() OVER (PARTITION BY solar_system_id ORDER BY killmail_time, killmail_id) AS n
                    FROM killmails
                    WHERE NOT is_npc AND killmail_time >= '2026-08-01' AND killmail_time < '2026-10-01'""");
            h.execute("CREATE INDEX ON ordered_kms (s, n)");
            List<String> found = h.createQuery("""
                    WITH RECURSIVE walk AS (
                        SELECT s, id, t, n, t AS first, id AS cluster FROM ordered_kms WHERE n = 1
                        UNION ALL
                        SELECT k.s, k.id, k.t, k.n,
                               CASE WHEN k.t - w.t > interval '15 minutes' OR k.t - w.first >= interval '4 hours'
                                    THEN k.t ELSE w.first END,
                               CASE WHEN k.t - w.t > interval '15 minutes' OR k.t - w.first >= interval '4 hours'
                                    THEN k.id ELSE w.cluster END
                        FROM walk w JOIN ordered_kms k ON k.s = w.s AND k.n = w.n + 1
                    )
                    SELECT array_agg(id ORDER BY id)::text FROM walk GROUP BY s, cluster HAVING count(*) >= 5""")
                    .mapTo(String.class).list();
            h.execute("DROP TABLE ordered_kms");
            h.commit();
            return found;
        });
    }
}
