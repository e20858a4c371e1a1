package dev.evedmv.ingest;

import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.battles.BattleMaintenance;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * Backfills one past month that holds no killmails yet, the fast way: every batch of the month
 * goes, in one long transaction, into standalone load tables without indexes (claims in
 * {@code killmail_directory}, rollups and cache invalidations exactly as a live batch, each batch
 * under a savepoint); {@link #finish()} then builds the partitioned tables' indexes on them in
 * bulk and swaps them in as the month's partitions with {@code ATTACH PARTITION}, and commits.
 * A crash at any moment leaves no row behind: the load tables (created empty before the long
 * transaction, so that it holds no lock on the partitioned tables) are dropped when the month is
 * backfilled again, and running the import again starts the month over.
 *
 * <p>If live writes reached the month meanwhile (a feed storing an old killmail), the load
 * tables are merged into the partitions with {@code INSERT … SELECT} instead: slower, still exact.
 *
 * <p>A backfill holds a session-level advisory lock on its month for as long as it runs, so load
 * tables of a month whose lock is free belong to no running import: {@link #dropOrphanedLoadTables}
 * (run by every import and by {@code db verify}) drops them, even when the month is never
 * backfilled again (a concurrent import filled it).
 */
public final class MonthBackfill implements KillmailWriter.Destination, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MonthBackfill.class);
    private static final List<String> PARENTS = List.of("killmails", "killmail_payloads", "participants");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM", Locale.ROOT);

    private static final NamedSql TRY_LOCK_MONTH = NamedSql.of("ingest.backfill_try_lock_month",
            "SELECT pg_try_advisory_lock(hashtext('evedmv_backfill'), :month)");
    private static final NamedSql UNLOCK_MONTH = NamedSql.of("ingest.backfill_unlock_month",
            "SELECT pg_advisory_unlock(hashtext('evedmv_backfill'), :month)");
    private static final NamedSql MONTH_IS_EMPTY = NamedSql.load(MonthBackfill.class, "backfill_month_is_empty");
    private static final NamedSql PARENT_INDEXES = NamedSql.load(MonthBackfill.class, "backfill_parent_indexes");
    private static final NamedSql LOCK_PARTITIONS = NamedSql.of("ingest.backfill_lock_partitions",
            "SELECT evedmv_ensure_month_partition(CAST(:month AS date))");

    /**
     * Beyond this many entity-days held (roughly a gigabyte of heap), they are written and memory
     * starts over. A month being attached holds its own until it writes them, so an import holds
     * at most about twice this.
     */
    private static final int MAX_HELD_ENTITY_DAYS = 2_000_000;

    private static final NamedSql LOAD_TABLES = NamedSql.of("ingest.backfill_load_tables", """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
              AND c.relname ~ '^(killmails|killmail_payloads|participants)_[0-9]{4}_[0-9]{2}_load$'
            ORDER BY c.relname""");
    private static final java.util.regex.Pattern LOAD_TABLE_MONTH =
            java.util.regex.Pattern.compile("_([0-9]{4})_([0-9]{2})_load$");

    private static final NamedSql TABLE_INDEXES = NamedSql.of("ingest.backfill_table_indexes",
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = CAST(:table AS regclass)");

    private final KillmailWriter writer;
    private final YearMonth month;
    private final Handle handle;
    private final KillmailWriter.Tables tables;
    private boolean finished;
    private long stored;
    private RollupDeltas monthRollups = new RollupDeltas();
    private boolean rollupsWritten;
    /** Recorded last, after the attach: a live writer of these days then never waits on the long transaction. */
    private final List<RollupDays> rollupDays = new ArrayList<>();
    private List<EncodedKillmail> pendingRollups;

    private MonthBackfill(KillmailWriter writer, YearMonth month, Handle handle) {
        this.writer = writer;
        this.month = month;
        this.handle = handle;
        String suffix = month.format(SUFFIX);
        this.tables = new KillmailWriter.Tables("killmails_" + suffix + "_load", "killmail_payloads_" + suffix + "_load",
                "participants_" + suffix + "_load");
    }

    /**
     * Starts backfilling {@code month} if it can be: a month before the current one whose
     * partitions hold no killmail, that is not archived, and that no other import is backfilling.
     * Otherwise empty: its killmails take the live path.
     */
    static java.util.Optional<MonthBackfill> start(KillmailWriter writer, YearMonth month, YearMonth current) {
        if (!month.isBefore(current)) {
            return java.util.Optional.empty();
        }
        Database database = writer.database();
        Handle h = database.openDedicated("backfill " + month);
        boolean started = false;
        try {
            // session-level, so that it outlives the statements below that run on their own; released at close
            boolean locked = TRY_LOCK_MONTH.query(h).bind("month", monthKey(month)).mapTo(Boolean.class).one();
            if (!locked) {
                return java.util.Optional.empty();
            }
            // each in its own short transaction: a lock on a parent table held for the whole backfill would
            // block anyone creating a partition (and every reader queued behind them)
            boolean empty = MONTH_IS_EMPTY.query(h).bind("month", month.atDay(1)).mapTo(Boolean.class).one();
            if (!empty) {
                return java.util.Optional.empty();
            }
            MonthBackfill backfill = new MonthBackfill(writer, month, h);
            backfill.dropLoadTables(); // left by an import that died here
            backfill.createLoadTables();
            h.begin();
            h.execute("SET LOCAL statement_timeout = 0");
            started = true;
            log.info("Backfilling {}: into load tables, indexed and attached at the end", month);
            return java.util.Optional.of(backfill);
        } finally {
            if (!started) {
                unlockAndClose(h, month);
            }
        }
    }

    /** Released before the connection closes, though closing it would do too. */
    private static void unlockAndClose(Handle h, YearMonth month) {
        try {
            UNLOCK_MONTH.query(h).bind("month", monthKey(month)).mapTo(Boolean.class).one();
        } finally {
            h.close();
        }
    }

    /**
     * Drops the load tables that a killed import left behind: those of months no running backfill
     * holds the lock of (each month is locked while it is dropped, so no backfill starts on it
     * meanwhile). Returns the tables dropped.
     */
    public static List<String> dropOrphanedLoadTables(Database database) {
        List<String> dropped = new ArrayList<>();
        try (Handle h = database.openDedicated("backfill orphans")) {
            java.util.Map<YearMonth, List<String>> byMonth = new java.util.TreeMap<>();
            for (String table : LOAD_TABLES.query(h).mapTo(String.class).list()) {
                java.util.regex.Matcher m = LOAD_TABLE_MONTH.matcher(table);
                int month = m.find() ? Integer.parseInt(m.group(2)) : 0;
                if (month >= 1 && month <= 12) {
                    byMonth.computeIfAbsent(YearMonth.of(Integer.parseInt(m.group(1)), month), k -> new ArrayList<>())
                            .add(table);
                }
            }
            for (var e : byMonth.entrySet()) {
                boolean locked = TRY_LOCK_MONTH.query(h).bind("month", monthKey(e.getKey())).mapTo(Boolean.class).one();
                if (!locked) {
                    continue; // a running import is backfilling this month
                }
                try {
                    dropLoadTables(h, e.getKey());
                    dropped.addAll(e.getValue());
                    log.warn("Dropped load tables of {} left by an import that did not finish: {}", e.getKey(), e.getValue());
                } finally {
                    UNLOCK_MONTH.query(h).bind("month", monthKey(e.getKey())).mapTo(Boolean.class).one();
                }
            }
        }
        return dropped;
    }

    private static int monthKey(YearMonth month) {
        return month.getYear() * 100 + month.getMonthValue();
    }

    @Override
    public KillmailWriter.Tables tables() {
        return tables;
    }

    /** One batch under a savepoint of the month's transaction. */
    @Override
    public <T> T atomically(Function<Handle, T> work) {
        String savepoint = "batch";
        handle.savepoint(savepoint);
        T result;
        try {
            result = work.apply(handle);
        } catch (RuntimeException e) {
            handle.rollbackToSavepoint(savepoint);
            pendingRollups = null;
            throw e;
        }
        handle.release(savepoint);
        if (pendingRollups != null) {
            for (EncodedKillmail e : pendingRollups) {
                monthRollups.add(e.rollup());
            }
            pendingRollups = null;
        }
        if (monthRollups.size() > MAX_HELD_ENTITY_DAYS) {
            writeRollups();
        }
        return result;
    }

    /**
     * Held for the month and written once at the end: a day's row is then inserted whole instead
     * of being merged again by every batch that adds to it. Taken in only when the batch succeeds.
     */
    @Override
    public void rollUp(Handle h, List<EncodedKillmail> stored) {
        pendingRollups = stored;
    }

    /** True when inserted; false (and nothing written) when some row exists already. */
    private boolean insertRollups() throws SQLException {
        String savepoint = "rollups";
        handle.savepoint(savepoint);
        try {
            rollupDays.add(monthRollups.insertNew(handle));
            handle.release(savepoint);
            return true;
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            handle.rollbackToSavepoint(savepoint);
            log.info("Rollups of {}: some days hold rows written meanwhile; merging into them", month);
            return false;
        }
    }

    /**
     * The month's first rollups go in as new rows: no killmail of the month was stored before it
     * began, so {@code entity_daily} holds none of its days. If a live write reached the month
     * meanwhile, or a part was written already, they are merged into the rows there instead.
     */
    private void writeRollups() {
        try {
            if (!rollupsWritten && insertRollups()) {
                log.debug("Rollups of {} inserted as new rows", month);
            } else {
                rollupDays.add(monthRollups.write(handle));
            }
            rollupsWritten = true;
        } catch (SQLException e) {
            throw new IngestException("writing the rollups of " + month + " failed: " + e.getMessage(), e);
        }
        monthRollups = new RollupDeltas();
    }

    WriteResult write(List<EncodedKillmail> batch, String source) {
        WriteResult r = writer.write(batch, source, KillmailWriter.InTransaction.NOTHING, this);
        stored += r.inserted();
        return r;
    }

    /** Indexes the load tables, swaps them in as the month's partitions and commits; {@code progress} is told each step. */
    void finish(Importer.Progress progress) {
        long start = System.nanoTime();
        step(progress, "writing the rollups of " + month, this::writeRollups);
        step(progress, "indexing " + month, () -> {
            ddl("SET LOCAL maintenance_work_mem = '1GB'");
            for (String parent : PARENTS) {
                buildIndexesLike(parent, loadTable(parent));
            }
        });
        long indexed = System.nanoTime();
        progress.stepBegan("attaching " + month);
        // evedmv_ensure_month_partition takes the lock every partition creator takes, so no one adds the month meanwhile
        LOCK_PARTITIONS.query(handle).bind("month", month.atDay(1)).mapTo(Boolean.class).one();
        // and waits for writers of the month in flight, so that the check below sees what they stored
        ddl("LOCK TABLE " + String.join(", ", PARENTS.stream().map(this::partition).toList())
                + " IN ACCESS EXCLUSIVE MODE");
        boolean empty = MONTH_IS_EMPTY.query(handle).bind("month", month.atDay(1)).mapTo(Boolean.class).one();
        for (String parent : PARENTS) {
            String partition = partition(parent);
            if (empty) {
                ddl("DROP TABLE " + partition);
                ddl("ALTER TABLE " + parent + " ATTACH PARTITION " + loadTable(parent)
                        + " FOR VALUES FROM ('" + lowerBound() + "') TO ('" + upperBound() + "')");
                ddl("ALTER TABLE " + loadTable(parent) + " DROP CONSTRAINT " + loadTable(parent) + "_month");
                ddl("ALTER TABLE " + loadTable(parent) + " RENAME TO " + partition);
                for (String index : TABLE_INDEXES.query(handle).bind("table", partition).mapTo(String.class).list()) {
                    ddl("ALTER INDEX " + index + " RENAME TO " + index.substring(0, index.length() - "_load".length()));
                }
            } else {
                ddl("INSERT INTO " + partition + " SELECT * FROM " + loadTable(parent));
                ddl("DROP TABLE " + loadTable(parent));
            }
        }
        for (RollupDays days : rollupDays) {
            days.record(handle, null); // a whole month of new rows: rankings over it are rebuilt, not corrected
        }
        handle.commit();
        finished = true;
        refreshBattles();
        progress.stepEnded("attaching " + month, Duration.ofNanos(System.nanoTime() - indexed));
        log.info("Backfilled {}: {} killmails, indexes built in {} ms, {} in {} ms", month, stored,
                (indexed - start) / 1_000_000, empty ? "attached" : "merged into partitions written meanwhile",
                (System.nanoTime() - indexed) / 1_000_000);
    }

    private static void step(Importer.Progress progress, String step, Runnable work) {
        long start = System.nanoTime();
        progress.stepBegan(step);
        work.run();
        progress.stepEnded(step, Duration.ofNanos(System.nanoTime() - start));
    }

    private void createLoadTables() {
        for (String parent : PARENTS) {
            // the CHECK matches the partition bound, so ATTACH need not scan the table to prove it
            ddl("CREATE TABLE " + loadTable(parent) + " (LIKE " + parent
                    + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CONSTRAINT " + loadTable(parent) + "_month CHECK"
                    + " (killmail_time >= '" + lowerBound() + "' AND killmail_time < '" + upperBound() + "'))");
        }
    }

    /** The parent's indexes, built the same on the load table, so that ATTACH adopts them. */
    private void buildIndexesLike(String parent, String load) {
        for (var index : PARENT_INDEXES.query(handle).bind("parent", parent).mapToMap().list()) {
            // named after the parent's index and the month, "_load" until attached (the old partition may hold the name)
            String name = index.get("index_name") + "_" + month.format(SUFFIX) + "_load";
            Object constraint = index.get("constraint_def");
            if (constraint != null) {
                ddl("ALTER TABLE " + load + " ADD CONSTRAINT " + name + " " + constraint);
            } else {
                String def = (String) index.get("index_def");
                ddl("CREATE INDEX " + name + " ON " + load + def.substring(def.indexOf(" USING ")));
            }
        }
    }

    /** DDL on tables this class names (never input), timed as {@code ingest.backfill_ddl}. */
    private void ddl(String sql) {
        ddl(handle, sql);
    }

    private static void ddl(Handle h, String sql) {
        NamedSql.of("ingest.backfill_ddl", sql).update(h).execute();
    }

    /** The month's partition of {@code parent}, e.g. {@code killmails_2026_06}. */
    private String partition(String parent) {
        return parent + "_" + month.format(SUFFIX);
    }

    private String loadTable(String parent) {
        return loadTable(parent, month);
    }

    private static String loadTable(String parent, YearMonth month) {
        return parent + "_" + month.format(SUFFIX) + "_load";
    }

    /**
     * docs/battles.md: the month's battles, recomputed right after its commit on the backfill's own
     * connection (spans reach into the months either side). Not in the month's transaction, which
     * holds its partitions locked: a live writer recomputing battles there would wait on it while
     * it waited on the writer's battle lock.
     */
    private void refreshBattles() {
        long start = System.nanoTime();
        int battles = BattleMaintenance.refreshRange(handle, month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        log.info("Battles of {}: {} found in {} ms", month, battles, (System.nanoTime() - start) / 1_000_000);
    }

    private String lowerBound() {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }

    private String upperBound() {
        return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }

    /** Rolls back unless finished and drops the load tables; a crash leaves them to the next backfill of the month. */
    @Override
    public void close() {
        try {
            if (!finished) {
                handle.rollback();
                dropLoadTables();
            }
        } finally {
            unlockAndClose(handle, month);
        }
    }

    private void dropLoadTables() {
        dropLoadTables(handle, month);
    }

    private static void dropLoadTables(Handle h, YearMonth month) {
        for (String parent : PARENTS) {
            ddl(h, "DROP TABLE IF EXISTS " + loadTable(parent, month));
        }
    }
}
