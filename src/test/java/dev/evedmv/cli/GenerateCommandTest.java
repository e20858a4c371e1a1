package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.killmail.Killmail;
import dev.evedmv.killmail.KillmailParser;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class GenerateCommandTest {

    @Test
    void withEmptyStaticTablesTheBundledSubsetIsLoadedFirst(TestDatabase db, @TempDir Path out) {
        db.jdbi().useHandle(h -> h.execute("TRUNCATE sde_types, sde_groups, sde_categories, sde_systems, "
                + "sde_constellations, sde_regions"));
        Run generated = run(db, "generate", "--killmails", "200", "--seed", "3", "--out", out.toString(),
                "--from", "2025-03-01", "--to", "2025-03-01", "--format", "tar.gz");
        assertThat(generated.err).isEmpty();
        assertThat(generated.code).isZero();
        long ships = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM sde_types t JOIN sde_groups g "
                + "USING (group_id) WHERE g.category_id = 6").mapTo(Long.class).one());
        assertThat(ships).isGreaterThan(400);
    }

    @Test
    void generatesFromTheSdeTables(TestDatabase db, @TempDir Path out) throws IOException {
        String[] args = {"generate", "--killmails", "300", "--seed", "5", "--out", out.toString(),
            "--from", "2025-02-01", "--to", "2025-02-02"};

        try (Handle h = db.jdbi().open()) {
            h.execute("TRUNCATE sde_types, sde_groups, sde_categories, sde_systems, sde_constellations, sde_regions");
            h.execute("INSERT INTO sde_groups (group_id, category_id, name) VALUES (25, 6, 'Frigate'), (29, 6, 'Capsule'),"
                    + " (60, 7, 'Damage Control'), (83, 8, 'Projectile Ammo')");
            h.execute("INSERT INTO sde_types (type_id, group_id, name) VALUES (587, 25, 'Rifter'), (603, 25, 'Merlin'),"
                    + " (670, 29, 'Capsule'), (2048, 60, 'Damage Control II'), (215, 83, 'EMP S')");
            h.execute("INSERT INTO sde_systems (system_id, constellation_id, region_id, name, security) VALUES"
                    + " (30000142, 20000020, 10000002, 'Jita', 0.9459), (30000743, 20000109, 10000009, 'C8H5-X', -0.149)");
        }

        Run generated = run(db, args);
        assertThat(generated.err).isEmpty();
        assertThat(generated.code).isZero();
        assertThat(generated.out).startsWith("300 killmails in 2 daily archives");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "killmails-2025-02-01.tar.bz2", "killmails-2025-02-02.tar.bz2", "names.jsonl", "prices.json");
        }
        KillmailParser parser = new KillmailParser();
        int count = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BZip2CompressorInputStream(
                Files.newInputStream(out.resolve("killmails-2025-02-01.tar.bz2"))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Killmail km = parser.parseKillmail(tar.readAllBytes());
                assertThat(km.solarSystemId()).isIn(30000142, 30000743);
                assertThat(km.victim().shipTypeId()).isIn(587, 603, 670);
                count++;
            }
        }
        assertThat(count).isEqualTo(150);
    }

    /** 01:13 UTC: the demo held killmails at 23:59 of the same day. */
    private static final Clock EARLY_MORNING = Clock.fixed(Instant.parse("2026-11-27T01:13:00Z"), ZoneOffset.UTC);

    @Test
    void noGeneratedKillmailIsLaterThanNow(TestDatabase db, @TempDir Path out) throws IOException {
        Run generated = runAt(EARLY_MORNING, db, "generate", "--killmails", "3000", "--seed", "4", "--out", out.toString(),
                "--from", "2026-11-25", "--to", "2026-11-27", "--format", "tar.gz");
        assertThat(generated.err).isEmpty();
        assertThat(generated.code).isZero();
        List<Instant> times = killmailTimes(out);
        assertThat(times).hasSize(3000).allSatisfy(t -> assertThat(t).isBeforeOrEqualTo(EARLY_MORNING.instant()));
        assertThat(times).as("today holds the killmails of its first 73 minutes")
                .anyMatch(t -> t.isAfter(EARLY_MORNING.instant().minus(Duration.ofHours(1))));

        Run later = runAt(EARLY_MORNING, db, "generate", "--killmails", "10", "--out", out.toString(),
                "--from", "2026-11-27", "--to", "2026-11-28");
        assertThat(later.code).isEqualTo(1);
        assertThat(later.err).isEqualTo("eve-dmv: --to 2026-11-28 is after today (2026-11-27): generated killmails are"
                + " never later than now\n");
    }

    @Test
    void twoSeedsImportSideBySideWithoutRenamingEachOther(TestDatabase db, @TempDir Path dir) {
        Path first = dir.resolve("seed-1");
        Path second = dir.resolve("seed-77");
        for (Path out : List.of(first, second)) {
            Run generated = runAt(EARLY_MORNING, db, "generate", "--killmails", "300", "--seed",
                    out == first ? "1" : "77", "--out", out.toString(), "--from", "2026-11-20", "--to", "2026-11-20",
                    "--format", "tar.gz");
            assertThat(generated.code).as(generated.err).isZero();
        }
        Run importFirst = runAt(EARLY_MORNING, db, "import", "--no-progress", first.toString());
        assertThat(importFirst.out).as(importFirst.err).contains("imported 300 new, 0 duplicates");
        Map<Long, String> namesBefore = names(db);
        assertThat(namesBefore).isNotEmpty();

        Run importSecond = runAt(EARLY_MORNING, db, "import", "--no-progress", second.toString());
        assertThat(importSecond.out).as(importSecond.err).contains("imported 300 new, 0 duplicates");
        Map<Long, String> namesAfter = names(db);
        assertThat(namesAfter).containsAllEntriesOf(namesBefore).hasSizeGreaterThan(namesBefore.size());
        long inGameRange = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM participants"
                + " WHERE killmail_id <= 2147483647 OR character_id <= 2147483647 OR alliance_id <= 2147483647"
                + " OR (corporation_id <= 2147483647 AND corporation_id NOT BETWEEN 1000000 AND 1999999)")
                .mapTo(Long.class).one());
        assertThat(inGameRange).as("generated ids in the game's 32-bit range (NPC corporations aside)").isZero();
    }

    private static Map<Long, String> names(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, name FROM names")
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("name"))).list())
                .stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<Instant> killmailTimes(Path dir) throws IOException {
        KillmailParser parser = new KillmailParser();
        List<Instant> times = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path archive : files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).toList()) {
                try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                        Files.newInputStream(archive)))) {
                    while (tar.getNextEntry() != null) {
                        times.add(parser.parseKillmail(tar.readAllBytes()).time());
                    }
                }
            }
        }
        return times;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(TestDatabase db, String... args) {
        return runAt(Clock.systemUTC(), db, args);
    }

    private static Run runAt(Clock clock, TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
