package dev.evedmv.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.ingest.Bzip2Decoder;
import dev.evedmv.ingest.ImportJob;
import dev.evedmv.ingest.Importer;
import dev.evedmv.ops.PerformanceStats;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code bench ingest}: N generated killmails imported into a fresh database end to end
 * (decompress, parse, derive, write with rollups), and in the same run the same stored rows
 * COPYed raw into the same live, indexed, partitioned tables of a second fresh database — the
 * floor the importer is measured against. Two more figures show where an import's time must go:
 * the rollup rows it wrote ({@code entity_daily}) COPYed the same way, and every table COPYed
 * into unindexed tables with its indexes built afterwards (the bulk floor), each table timed.
 * Beside them: the system's {@code bzip2 -dc} of the same archives on one core (the decompression
 * floor of a {@code .tar.bz2} import), and the imported database's bytes per killmail, table by table.
 */
public final class IngestBenchmark {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngestBenchmark.class);
    private static final List<String> TABLES = List.of("killmail_directory", "killmails", "killmail_payloads", "participants");
    /** The tables exported and timed in both floors: those of {@link #TABLES}, then the rollup rows. */
    private static final List<String> EXPORTED = List.of("killmail_directory", "killmails", "killmail_payloads",
            "participants", "entity_daily");
    /** The indexes of a live table, each as a statement that builds it on that table's unindexed copy. */
    private static final NamedSql BULK_INDEXES = NamedSql.of("bench.bulk_indexes", """
            SELECT regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \\S+ ON (ONLY )?\\S+ ', 'CREATE \\1INDEX ON ' || :bulk || ' ')
            FROM pg_indexes WHERE schemaname = 'public' AND tablename = :table ORDER BY indexname""");
    private static final NamedSql MONTHS = NamedSql.of("bench.months",
            "SELECT DISTINCT date_trunc('month', killmail_time AT TIME ZONE 'UTC')::date FROM killmail_directory ORDER BY 1");
    private static final NamedSql ENSURE = NamedSql.of("bench.ensure_month", "SELECT evedmv_ensure_month_partition(:m)");
    private static final NamedSql PARTICIPANT_ROWS = NamedSql.of("bench.participant_rows", "SELECT count(*) FROM participants");

    /** What the run measured. */
    public record Result(long killmails, long participants, String format, double importSeconds, double copySeconds,
                         Map<String, Double> copyTableSeconds, Map<String, BulkTable> bulk, Map<String, Object> machine,
                         Map<String, Object> storage, Double nativeBzip2Seconds) {
        public double importRate() {
            return killmails / importSeconds;
        }

        public double copyRate() {
            return killmails / copySeconds;
        }

        /** Seconds of the bulk floor over the same tables as the raw COPY floor (rollups left out). */
        public double bulkSeconds() {
            return TABLES.stream().mapToDouble(t -> bulk.get(t).seconds()).sum();
        }

        public double bulkRate() {
            return killmails / bulkSeconds();
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
            out.put("raw_copy_table_seconds", rounded(copyTableSeconds));
            out.put("bulk_copy_seconds", round(bulkSeconds()));
            out.put("bulk_copy_killmails_per_second", Math.round(bulkRate()));
            Map<String, Object> tables = new LinkedHashMap<>();
            bulk.forEach((table, b) -> tables.put(table, Map.of("copy_seconds", round(b.copySeconds()),
                    "index_seconds", round(b.indexSeconds()), "indexes", b.indexes())));
            out.put("bulk_copy_tables", tables);
            out.put("native_bzip2_seconds", nativeBzip2Seconds == null ? null : round(nativeBzip2Seconds));
            out.put("import_to_native_bzip2_ratio", nativeBzip2Seconds == null ? null : round(importSeconds / nativeBzip2Seconds));
            out.put("storage", storage);
            out.put("machine", machine);
            return out;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }

        private static Map<String, Object> rounded(Map<String, Double> seconds) {
            Map<String, Object> out = new LinkedHashMap<>();
            seconds.forEach((table, s) -> out.put(table, round(s)));
            return out;
        }
    }

    /** One table of the bulk floor: its rows COPYed into an unindexed table, then its indexes built. */
    public record BulkTable(double copySeconds, double indexSeconds, int indexes) {
        public double seconds() {
            return copySeconds + indexSeconds;
        }
    }

    private final Database admin;
    private final EveDmvConfig config;
    private final MeterRegistry registry;
    private final Clock clock;

    public IngestBenchmark(Database admin, EveDmvConfig config, MeterRegistry registry, Clock clock) {
        this.admin = admin;
        this.config = config;
        this.registry = registry;
        this.clock = clock;
    }

    public Result run(long killmails, long seed, SyntheticKillmails.ArchiveFormat format, int threads) {
        Path data = config.home().resolve("bench").resolve("data-" + killmails + "-" + seed + "-" + format.extension);
        try (Database target = fresh("evedmv_bench_import"); Database floor = fresh("evedmv_bench_copy")) {
            generateOnce(target, data, killmails, seed, format, threads, clock.instant());
            long t0 = System.nanoTime();
            Importer.Summary imported = ImportJob.run(target, List.of(data), 5000, threads, true, clock, files -> Importer.Progress.NONE);
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
            Map<String, Double> copyTableSeconds = copyIn(floor, dump);
            double copySeconds = TABLES.stream().mapToDouble(copyTableSeconds::get).sum();
            Map<String, BulkTable> bulk = bulkCopyIn(floor, dump);
            long participants = target.jdbi().withHandle(h -> PARTICIPANT_ROWS.query(h).mapTo(Long.class).one());
            Map<String, Object> storage = target.jdbi().withHandle(PerformanceStats::storage);
            return new Result(killmails, participants, format.extension, importSeconds, copySeconds, copyTableSeconds, bulk,
                    machine(target), storage, nativeBzip2Seconds(data));
        }
    }

    /**
     * Seconds the system's {@code bzip2 -dc} takes for the run's {@code .tar.bz2} archives, one
     * after the other (one core), output discarded: the floor of decompression; null for other
     * formats or without bzip2 on {@code PATH}.
     */
    static Double nativeBzip2Seconds(Path data) {
        java.util.Optional<Bzip2Decoder> bzip2 = Bzip2Decoder.onPath("bzip2");
        if (bzip2.isEmpty()) {
            return null;
        }
        List<Path> archives;
        try (java.util.stream.Stream<Path> files = Files.list(data)) {
            archives = files.filter(f -> f.getFileName().toString().endsWith(".tar.bz2")).sorted().toList();
        } catch (IOException e) {
            throw new EveDmvException("cannot list " + data + ": " + e.getMessage(), e);
        }
        if (archives.isEmpty()) {
            return null;
        }
        long t0 = System.nanoTime();
        for (Path archive : archives) {
            try {
                Process p = new ProcessBuilder(bzip2.get().command(), "-dc", archive.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() != 0) {
                    throw new EveDmvException("bzip2 -dc " + archive + " exited with " + p.exitValue());
                }
            } catch (IOException e) {
                throw new EveDmvException("cannot run bzip2 -dc " + archive + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EveDmvException("bench ingest interrupted", e);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private Database fresh(String name) {
        return BenchDatabases.fresh(admin, name, config, registry);
    }

    private static void generateOnce(Database db, Path data, long killmails, long seed,
                                     SyntheticKillmails.ArchiveFormat format, int threads, Instant now) {
        Path done = data.resolve(".complete");
        if (Files.exists(done)) {
            return;
        }
        LocalDate from = LocalDate.of(2026, 1, 1);
        new SyntheticKillmails(new SdeTablesCatalogSource().load(db)).generate(new SyntheticKillmails.Options(
                killmails, seed, from, SyntheticKillmails.Options.defaultTo(from, killmails, now), format, threads, now), data);
        try {
            Files.writeString(done, "ok");
        } catch (IOException e) {
            throw new EveDmvException("cannot write " + done + ": " + e.getMessage(), e);
        }
    }

    private static void export(Database db, Path dir) {
        try (Connection c = db.dedicatedConnection("bench ingest export")) {
            Files.createDirectories(dir);
            for (String table : EXPORTED) {
                try (OutputStream out = Files.newOutputStream(dir.resolve(table + ".bin"))) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM " + table + ") TO STDOUT (FORMAT binary)", out);
                }
            }
        } catch (SQLException | IOException e) {
            throw new EveDmvException("exporting the imported rows failed: " + e.getMessage(), e);
        }
    }

    /** Every exported table COPYed into the live, indexed tables of {@code db}; seconds by table. */
    private static Map<String, Double> copyIn(Database db, Path dir) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (Connection c = db.dedicatedConnection("bench ingest raw COPY floor")) {
            c.setAutoCommit(false);
            noTimeout(c);
            for (String table : EXPORTED) {
                long t0 = System.nanoTime();
                copy(c, dir, table, table);
                seconds.put(table, (System.nanoTime() - t0) / 1e9);
            }
            c.commit();
        } catch (SQLException | IOException e) {
            throw new EveDmvException("the raw COPY floor failed: " + e.getMessage(), e);
        }
        return seconds;
    }

    /**
     * The bulk floor: every exported table COPYed into an unindexed table of the same columns,
     * then the live table's indexes built on it, as a backfill does for a month.
     */
    private static Map<String, BulkTable> bulkCopyIn(Database db, Path dir) {
        Map<String, BulkTable> out = new LinkedHashMap<>();
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        for (String table : EXPORTED) {
            indexes.put(table, db.jdbi().withHandle(h -> BULK_INDEXES.query(h).bind("table", table)
                    .bind("bulk", table + "_bulk").mapTo(String.class).list()));
        }
        try (Connection c = db.dedicatedConnection("bench ingest bulk COPY floor")) {
            c.setAutoCommit(false);
            noTimeout(c);
            try (var truncate = c.createStatement()) {
                // the raw floor's rows are measured and done with: room on disk for the bulk floor's
                truncate.execute("TRUNCATE " + String.join(", ", EXPORTED));
            }
            for (String table : EXPORTED) {
                String bulk = table + "_bulk";
                try (var create = c.createStatement()) {
                    create.execute("CREATE TABLE " + bulk + " (LIKE " + table + " INCLUDING DEFAULTS)");
                }
                long t0 = System.nanoTime();
                copy(c, dir, table, bulk);
                long t1 = System.nanoTime();
                try (var build = c.createStatement()) {
                    for (String index : indexes.get(table)) {
                        build.execute(index);
                    }
                }
                out.put(table, new BulkTable((t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, indexes.get(table).size()));
            }
            c.commit();
        } catch (SQLException | IOException e) {
            throw new EveDmvException("the bulk COPY floor failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static void noTimeout(Connection c) throws SQLException {
        try (var timeout = c.createStatement()) {
            timeout.execute("SET LOCAL statement_timeout = 0"); // one COPY per table, of every row
        }
    }

    private static void copy(Connection c, Path dir, String from, String into) throws SQLException, IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(from + ".bin"))) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + into + " FROM STDIN (FORMAT binary)", in);
        }
    }

    private static Map<String, Object> machine(Database db) {
        return MachineFacts.of(db);
    }
}
