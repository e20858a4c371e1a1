package dev.evedmv.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.jdbi.v3.core.Handle;

import dev.evedmv.cache.Invalidations;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * {@code db rederive --rollups}: {@code entity_daily} recomputed from the stored participants with
 * the SELECT {@code db verify} checks it with ({@link Rollups}), and every row that differs
 * replaced: after an upgrade that adds a list column (stored days hold it empty), or to repair what
 * verify found. It walks the days in verify's chunks, each in a transaction of its own, so it can
 * be interrupted and run again. The days it changed are recorded in {@code rollup_days} like a
 * write's, and their monthly lists and heads dropped, so that the builds that follow count them
 * again; archived months are left out (their participants are in files).
 */
public final class RollupRebuild {
    private static final NamedSql STALE_ROWS = NamedSql.load(RollupRebuild.class, "rebuild_stale_rows");
    private static final NamedSql DELETE_ROWS = NamedSql.load(RollupRebuild.class, "rebuild_delete_rows");
    private static final NamedSql INSERT_ROWS = NamedSql.load(RollupRebuild.class, "rebuild_insert_rows");
    private static final NamedSql RECORD_DAYS = NamedSql.load(RollupRebuild.class, "rebuild_record_days");
    private static final NamedSql RECOMPUTE = NamedSql.of("ingest.rebuild_recompute",
            "CREATE TEMP TABLE rebuild_recomputed ON COMMIT DROP AS " + Rollups.ALL.get(0).select().sql());

    /** What a rebuild did: the chunks of days it walked, and the rows it deleted and wrote. */
    public record Result(int chunks, long killmails, long rowsDeleted, long rowsWritten) {
    }

    /** Told after each chunk. */
    @FunctionalInterface
    public interface Progress {
        void chunkDone(int done, int total, RollupVerifier.Chunk chunk, long rowsWritten, Duration took);
    }

    private final Database database;
    private final Invalidations invalidations;

    public RollupRebuild(Database database, Clock clock) {
        this.database = database;
        this.invalidations = new Invalidations(clock, database.registry());
    }

    /** Rebuilds the rows of the days [since, until) (LocalDate.MIN and MAX: no bound). */
    public Result run(LocalDate since, LocalDate until, Progress progress) {
        RollupVerifier walk = new RollupVerifier(database);
        List<RollupVerifier.Chunk> chunks = walk.chunks(since, until, walk.archivedMonths());
        long killmails = 0;
        long deleted = 0;
        long written = 0;
        for (int i = 0; i < chunks.size(); i++) {
            RollupVerifier.Chunk chunk = chunks.get(i);
            long start = System.nanoTime();
            long[] rows = database.jdbi().inTransaction(h -> rebuild(h, chunk));
            killmails += chunk.killmails();
            deleted += rows[0];
            written += rows[1];
            progress.chunkDone(i + 1, chunks.size(), chunk, rows[1], Duration.ofNanos(System.nanoTime() - start));
        }
        if (deleted + written > 0) {
            database.jdbi().useTransaction(invalidations::announceAll);
        }
        return new Result(chunks.size(), killmails, deleted, written);
    }

    /** One chunk's rows rebuilt: {deleted, written}. */
    private static long[] rebuild(Handle h, RollupVerifier.Chunk chunk) {
        RollupVerifier.stage(h, chunk);
        RECOMPUTE.update(h).execute();
        Rederivation.CREATE_DAILY_STAGE.update(h).execute();
        Rederivation.EMPTY_DAILY_STAGE.update(h).execute();
        long stale = STALE_ROWS.update(h).bind("from", chunk.from()).bind("until", chunk.until()).execute();
        if (stale > 0) {
            DELETE_ROWS.update(h).execute();
        }
        long written = INSERT_ROWS.update(h).bind("from", chunk.from()).bind("until", chunk.until()).execute();
        if (stale + written > 0) {
            RECORD_DAYS.update(h).execute();
            Rederivation.STALE_LISTS.update(h).execute();
        }
        return new long[] {stale, written};
    }
}
