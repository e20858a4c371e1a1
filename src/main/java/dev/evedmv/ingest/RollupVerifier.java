package dev.evedmv.ingest;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * {@code db verify}: recomputes every rollup from the stored participants, with the same SELECTs
 * ingest uses, and reports rows that differ from what ingest maintained, by month.
 *
 * <p>It walks the days in chunks of at most {@link #DEFAULT_CHUNK_KILLMAILS} killmails (a day
 * holding more is a chunk of its own; a chunk never spans two months), each in a short
 * transaction of its own: no connection is held long, and the time grows with the killmails.
 */
public final class RollupVerifier {
    /** Killmails recomputed in one transaction, at most, unless one day holds more. */
    public static final int DEFAULT_CHUNK_KILLMAILS = 10_000;

    private static final NamedSql CREATE_STAGE = NamedSql.load(KillmailWriter.class, "create_stage_tables");
    private static final NamedSql DAYS = NamedSql.load(RollupVerifier.class, "verify_days");
    private static final NamedSql STAGE_CHUNK = NamedSql.of("ingest.verify_stage_chunk", """
            INSERT INTO stage_participants SELECT * FROM participants
            WHERE killmail_time >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC'
              AND killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'""");
    /** Statistics on the staged rows, so that the recomputation's joins are planned for their real sizes. */
    private static final NamedSql ANALYZE_STAGE = NamedSql.of("ingest.verify_analyze_stage",
            "ANALYZE stage_participants, stage_entity_killmails");
    private static final NamedSql PLAYER_ATTACKERS = NamedSql.load(RollupVerifier.class, "verify_player_attackers");
    public static final String PLAYER_ATTACKERS_TABLE = "killmails.player_attacker_ids";
    /** The months archived by {@code partitions archive}: their participants are in files, not in the database. */
    private static final NamedSql ARCHIVED_MONTHS = NamedSql.of("ingest.verify_archived_months",
            "SELECT DISTINCT month FROM archived_partitions ORDER BY month");
    private static final NamedSql RECOMPUTED_ROWS = NamedSql.of("ingest.verify_recomputed_rows",
            "SELECT count(*) FROM verify_recomputed");
    private static final int EXAMPLES = 3;

    /** Differences found in one rollup table for one month; examples show a few rows as text. */
    public record Difference(String table, LocalDate month, long missingOrWrong, long unexpected, List<String> examples) {
    }

    /** Days [from, until) verified in one transaction, and the killmails they hold. */
    public record Chunk(LocalDate from, LocalDate until, long killmails) {
    }

    /**
     * What one walk found: the differences, the {@code entity_daily} rows and killmails compared,
     * and the archived months left out (their participants are in files; the rollups keep counting them).
     */
    public record Result(List<Difference> differences, long dailyRows, long killmails, List<LocalDate> archivedMonths) {
    }

    /** Told after each chunk: how many are done out of all, the chunk and how long it took. */
    @FunctionalInterface
    public interface Progress {
        void chunkDone(int done, int total, Chunk chunk, Duration took);

        Progress NONE = (done, total, chunk, took) -> { };
    }

    private final Database database;
    private final int chunkKillmails;

    public RollupVerifier(Database database) {
        this(database, DEFAULT_CHUNK_KILLMAILS);
    }

    public RollupVerifier(Database database, int chunkKillmails) {
        if (chunkKillmails < 1) {
            throw new IllegalArgumentException("chunkKillmails must be positive");
        }
        this.database = database;
        this.chunkKillmails = chunkKillmails;
    }

    /** Every difference; empty when the rollups and the killmails' player attackers equal a recomputation. */
    public List<Difference> verify() {
        return verify(Progress.NONE);
    }

    /** As {@link #verify()}, telling {@code progress} after each chunk. */
    public List<Difference> verify(Progress progress) {
        return verify(LocalDate.MIN, LocalDate.MAX, progress).differences();
    }

    /**
     * The days [since, until) but those of archived months, telling {@code progress} after each
     * chunk (LocalDate.MIN and MAX: no bound).
     */
    public Result verify(LocalDate since, LocalDate until, Progress progress) {
        List<LocalDate> archived = archivedMonths();
        List<Chunk> chunks = chunks(since, until, archived);
        Map<String, Found> found = new LinkedHashMap<>();
        long dailyRows = 0;
        long killmails = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            long start = System.nanoTime();
            long[] rows = new long[1];
            List<Difference> differences = database.jdbi().inTransaction(h -> verifyChunk(h, chunk, rows));
            for (Difference d : differences) {
                found.computeIfAbsent(d.month() + " " + d.table(), k -> new Found(d.table(), d.month())).add(d);
            }
            dailyRows += rows[0];
            killmails += chunk.killmails();
            progress.chunkDone(i + 1, chunks.size(), chunk, Duration.ofNanos(System.nanoTime() - start));
        }
        List<String> tables = new ArrayList<>(Rollups.ALL.stream().map(Rollups.Rollup::table).toList());
        tables.add(PLAYER_ATTACKERS_TABLE);
        List<Difference> differences = found.values().stream().map(Found::difference)
                .sorted(java.util.Comparator.comparing(Difference::month).thenComparing(d -> tables.indexOf(d.table())))
                .toList();
        List<LocalDate> skipped = archived.stream().filter(m -> m.isBefore(until) && m.plusMonths(1).isAfter(since)).toList();
        return new Result(differences, dailyRows, killmails, skipped);
    }

    /** The days that hold killmails or rollups, cut into chunks. */
    List<Chunk> chunks() {
        return chunks(LocalDate.MIN, LocalDate.MAX, List.of());
    }

    /** The months archived by {@code partitions archive}, whose participants are in files. */
    List<LocalDate> archivedMonths() {
        return database.jdbi().withHandle(h -> ARCHIVED_MONTHS.query(h).mapTo(LocalDate.class).list());
    }

    /** The days of [since, until) that hold killmails or rollups, but those of the {@code archived} months, cut into chunks. */
    List<Chunk> chunks(LocalDate since, LocalDate until, List<LocalDate> archived) {
        List<Chunk> chunks = new ArrayList<>();
        LocalDate from = null;
        LocalDate last = null;
        long killmails = 0;
        for (Map.Entry<LocalDate, Long> day : database.jdbi().withHandle(h -> DAYS.query(h)
                .reduceRows(new LinkedHashMap<LocalDate, Long>(), (map, row) -> {
                    map.put(row.getColumn("day", LocalDate.class), row.getColumn("killmails", Long.class));
                    return map;
                })).entrySet()) {
            LocalDate d = day.getKey();
            if (d.isBefore(since) || !d.isBefore(until) || archived.contains(d.withDayOfMonth(1))) {
                continue;
            }
            boolean full = from != null && (killmails + day.getValue() > chunkKillmails
                    || !d.withDayOfMonth(1).equals(from.withDayOfMonth(1)));
            if (full) {
                chunks.add(new Chunk(from, last.plusDays(1), killmails));
                from = null;
            }
            if (from == null) {
                from = d;
                killmails = 0;
            }
            killmails += day.getValue();
            last = d;
        }
        if (from != null) {
            chunks.add(new Chunk(from, last.plusDays(1), killmails));
        }
        return chunks;
    }

    /**
     * Stages the participants of the chunk's days and their (entity, killmail) rows, within the caller's
     * transaction, for the rollups' recomputing SELECTs ({@link Rollups}).
     */
    static void stage(Handle h, Chunk chunk) {
        h.execute("SET LOCAL statement_timeout = 0");
        // the joins on (killmail, entity) are estimated far too small (the columns go together), and a nested
        // loop then reads every entity row of a killmail once per attacker: hash and merge joins stay linear
        h.execute("SET LOCAL enable_nestloop = off");
        CREATE_STAGE.update(h).execute();
        STAGE_CHUNK.update(h).bind("from", chunk.from()).bind("until", chunk.until()).execute();
        Rollups.STAGE_ENTITY_KILLMAILS.update(h).execute();
        ANALYZE_STAGE.update(h).execute();
    }

    private static List<Difference> verifyChunk(Handle h, Chunk chunk, long[] rowsCompared) {
        LocalDate month = chunk.from().withDayOfMonth(1);
        stage(h, chunk);
        List<Difference> out = new ArrayList<>();
        for (Rollups.Rollup r : Rollups.ALL) {
            String stored = "SELECT * FROM " + r.table() + " WHERE day >= CAST(:from AS date)"
                    + " AND day < CAST(:until AS date)";
            // worked out once per chunk, then compared both ways
            NamedSql.of("ingest.verify_recompute_" + r.table(),
                    "CREATE TEMP TABLE verify_recomputed ON COMMIT DROP AS " + r.select().sql()).update(h).execute();
            rowsCompared[0] += RECOMPUTED_ROWS.query(h).mapTo(Long.class).one();
            String recomputed = "SELECT * FROM verify_recomputed";
            NamedSql missing = NamedSql.of("ingest.verify_missing_" + r.table(),
                    "SELECT t::text FROM ((" + recomputed + ") EXCEPT ALL (" + stored + ")) AS t ORDER BY 1");
            NamedSql unexpected = NamedSql.of("ingest.verify_unexpected_" + r.table(),
                    "SELECT t::text FROM ((" + stored + ") EXCEPT ALL (" + recomputed + ")) AS t ORDER BY 1");
            List<String> m = missing.query(h).bind("from", chunk.from()).bind("until", chunk.until())
                    .mapTo(String.class).list();
            List<String> u = unexpected.query(h).bind("from", chunk.from()).bind("until", chunk.until())
                    .mapTo(String.class).list();
            if (!m.isEmpty() || !u.isEmpty()) {
                List<String> examples = new ArrayList<>();
                m.stream().limit(EXAMPLES).forEach(s -> examples.add("recomputed " + s));
                u.stream().limit(EXAMPLES).forEach(s -> examples.add("stored     " + s));
                out.add(new Difference(r.table(), month, m.size(), u.size(), examples));
            }
        }
        List<String> wrong = PLAYER_ATTACKERS.query(h).bind("from", chunk.from()).bind("until", chunk.until())
                .mapTo(String.class).list();
        if (!wrong.isEmpty()) {
            out.add(new Difference(PLAYER_ATTACKERS_TABLE, month, wrong.size(), 0,
                    wrong.stream().limit(EXAMPLES).toList()));
        }
        return out;
    }

    /** A month's differences in one table, summed over its chunks; the first examples of each kind kept. */
    private static final class Found {
        private final String table;
        private final LocalDate month;
        private long missingOrWrong;
        private long unexpected;
        private final List<String> recomputed = new ArrayList<>();
        private final List<String> stored = new ArrayList<>();

        Found(String table, LocalDate month) {
            this.table = table;
            this.month = month;
        }

        void add(Difference d) {
            missingOrWrong += d.missingOrWrong();
            unexpected += d.unexpected();
            for (String e : d.examples()) {
                List<String> kept = e.startsWith("stored ") ? stored : recomputed;
                if (kept.size() < EXAMPLES) {
                    kept.add(e);
                }
            }
        }

        Difference difference() {
            List<String> examples = new ArrayList<>(recomputed);
            examples.addAll(stored);
            return new Difference(table, month, missingOrWrong, unexpected, examples);
        }
    }
}
