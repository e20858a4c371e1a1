package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
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

    private record Run(int code, String out, String err) {
    }

    private static Run run(TestDatabase db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, db.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
