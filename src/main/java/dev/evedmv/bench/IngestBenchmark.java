package dev.evedmv.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.ingest.ImportJob;
import dev.evedmv.ingest.Importer;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code bench ingest}: N generated killmails imported into a fresh database end to end
 * (decompress, parse, derive, write with rollups), and in the same run the same stored rows
 * COPYed raw into the same live, indexed, partitioned tables of a second fresh database — the
 * floor the importer is measured against.
 */
public final class IngestBenchmark {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngestBenchmark.class);
    private static final List<String> TABLES = List.of("killmail_directory", "killmails", "killmail_payloads", "participants");
    private static final NamedSql MONTHS = NamedSql.of("bench.months",
            "SELECT DISTINCT date_trunc('month', killmail_time AT TIME ZONE 'UTC')::date FROM killmail_directory ORDER BY 1");
    private static final NamedSql ENSURE = NamedSql.of("bench.ensure_month", "SELECT evedmv_ensure_month_partition(:m)");
    private static final NamedSql PARTICIPANT_ROWS = NamedSql.of("bench.participant_rows", "SELECT count(*) FROM participants");

    /** What the run measured. */
    public record Result(long killmails, long participants, String format, double importSeconds, double copySeconds,
                         Map<String, Object> machine) {
        public double importRate() {
            return killmails / importSeconds;
        }

        public double copyRate() {
            return killmails / copySeconds;
        }

        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "ingest");
            out.put("killmails", killmails);
            out.put("participants", participants);
            out.put("archive_format", format);
            out.put("import_seconds", round(importSeconds));
            out.put("import_killmails_per_second", Math.round(importRate()));
            out.put("raw_copy_seconds", round(copySeconds));
            out.put("raw_copy_killmails_per_second", Math.round(copyRate()));
            out.put("import_to_raw_copy_ratio", round(importRate() / copyRate()));
            out.put("machine", machine);
            return out;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    private final Database admin;
    private final EveDmvConfig config;
    private final MeterRegistry registry;

    public IngestBenchmark(Database admin, EveDmvConfig config, MeterRegistry registry) {
        this.admin = admin;
        this.config = config;
        this.registry = registry;
    }

    public Result run(long killmails, long seed, SyntheticKillmails.ArchiveFormat format, int threads) {
        Path data = config.home().resolve("bench").resolve("data-" + killmails + "-" + seed + "-" + format.extension);
        try (Database target = fresh("evedmv_bench_import"); Database floor = fresh("evedmv_bench_copy")) {
            generateOnce(target, data, killmails, seed, format, threads);
            long t0 = System.nanoTime();
            Importer.Summary imported = ImportJob.run(target, List.of(data), 5000, threads, files -> Importer.Progress.NONE);
            double importSeconds = (System.nanoTime() - t0) / 1e9;
            log.info("bench import: {}", imported.line());
            if (imported.result().inserted() != killmails) {
                throw new EveDmvException("bench import stored " + imported.result().inserted() + " of " + killmails
                        + " killmails (" + imported.line() + ")");
            }
            Path dump = config.home().resolve("bench").resolve("copy-floor");
            export(target, dump);
            for (java.time.LocalDate m : target.jdbi().withHandle(h -> MONTHS.query(h).mapTo(LocalDate.class).list())) {
                floor.jdbi().useHandle(h -> ENSURE.query(h).bind("m", m).mapTo(Boolean.class).one());
            }
            long t1 = System.nanoTime();
            copyIn(floor, dump);
            double copySeconds = (System.nanoTime() - t1) / 1e9;
            long participants = target.jdbi().withHandle(h -> PARTICIPANT_ROWS.query(h).mapTo(Long.class).one());
            return new Result(killmails, participants, format.extension, importSeconds, copySeconds, machine(target));
        }
    }

    private Database fresh(String name) {
        return BenchDatabases.fresh(admin, name, config, registry);
    }

    private static void generateOnce(Database db, Path data, long killmails, long seed,
                                     SyntheticKillmails.ArchiveFormat format, int threads) {
        Path done = data.resolve(".complete");
        if (Files.exists(done)) {
            return;
        }
        LocalDate from = LocalDate.of(2026, 1, 1);
        new SyntheticKillmails(new SdeTablesCatalogSource().load(db)).generate(new SyntheticKillmails.Options(
                killmails, seed, from, SyntheticKillmails.Options.defaultTo(from, killmails), format, threads), data);
        try {
            Files.writeString(done, "ok");
        } catch (IOException e) {
            throw new EveDmvException("cannot write " + done + ": " + e.getMessage(), e);
        }
    }

    private static void export(Database db, Path dir) {
        try (Connection c = db.dedicatedConnection("bench ingest export")) {
            Files.createDirectories(dir);
            for (String table : TABLES) {
                try (OutputStream out = Files.newOutputStream(dir.resolve(table + ".bin"))) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT (FORMAT binary)", out);
                }
            }
        } catch (SQLException | IOException e) {
            throw new EveDmvException("exporting the imported rows failed: " + e.getMessage(), e);
        }
    }

    private static void copyIn(Database db, Path dir) {
        try (Connection c = db.dedicatedConnection("bench ingest raw COPY floor")) {
            c.setAutoCommit(false);
            try (var timeout = c.createStatement()) {
                timeout.execute("SET LOCAL statement_timeout = 0"); // one COPY per table, of every row
            }
            for (String table : TABLES) {
                try (InputStream in = Files.newInputStream(dir.resolve(table + ".bin"))) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN (FORMAT binary)", in);
                }
            }
            c.commit();
        } catch (SQLException | IOException e) {
            throw new EveDmvException("the raw COPY floor failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> machine(Database db) {
        return MachineFacts.of(db);
    }
}
