package dev.evedmv.backfill;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.ingest.IngestSetup;

/**
 * {@code serve} keeping itself complete: every {@code EVEDMV_BACKFILL_INTERVAL} (first shortly after
 * start) the last {@code EVEDMV_BACKFILL_DAYS} days up to yesterday are checked against EVE Ref's and
 * zKillboard's totals, and what is missing is stored ({@link EverefBackfill}, then
 * {@link ZkillboardRepair}). Each run is recorded in {@code backfill_runs}, which {@code health} reads.
 */
public final class BackfillRecheck implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackfillRecheck.class);
    private static final NamedSql SAVE = NamedSql.load(BackfillRecheck.class, "backfill_run_save");
    private static final NamedSql LATEST = NamedSql.load(BackfillRecheck.class, "backfill_run_latest");
    /** The first re-check waits this long after start, so that serve is up first. */
    public static final Duration FIRST_DELAY = Duration.ofMinutes(1);

    /** One recorded re-check. */
    public record Run(Instant startedAt, Instant finishedAt, int days, long missing, long repaired, int failedDays,
                      String detail) {
    }

    private final Database database;
    private final EveDmvConfig config;
    private final Clock clock;
    private final Path archiveDir;
    private ScheduledExecutorService timer;

    public BackfillRecheck(Database database, EveDmvConfig config, Clock clock) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.archiveDir = config.home().resolve("backfill").resolve("recheck");
    }

    /** Schedules the re-checks unless the interval is 0 (off); {@code firstDelay} before the first. */
    public BackfillRecheck start(Duration firstDelay) {
        Duration interval = config.backfill().recheckInterval();
        if (interval.isZero()) {
            log.info("Re-checking recent days against EVE Ref and zKillboard is off (EVEDMV_BACKFILL_INTERVAL=0)");
            return this;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backfill-recheck");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runLogged, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runLogged() {
        try {
            Run r = runOnce();
            log.info("Re-check of the last {} days: {}", r.days(), r.detail());
        } catch (RuntimeException e) {
            log.warn("Re-check of recent days failed: {}", e.getMessage(), e);
            record(new Run(clock.instant(), clock.instant(), config.backfill().recheckDays(), 0, 0,
                    config.backfill().recheckDays(), "failed: " + e.getMessage()));
        }
    }

    /** One re-check, now: both sources over the last days, recorded. */
    public Run runOnce() {
        Instant started = clock.instant();
        LocalDate today = LocalDate.ofInstant(started, ZoneOffset.UTC);
        LocalDate since = today.minusDays(config.backfill().recheckDays());
        IngestSetup setup = IngestSetup.open(database, clock);
        List<String> parts = new ArrayList<>();
        long missing = 0;
        long repaired = 0;
        int failedDays = 0;
        try {
            EverefBackfill.Summary e = EverefBackfill.create(database, setup, config, archiveDir, clock)
                    .run(new EverefBackfill.Options(since, today, true, false), EverefBackfill.Progress.NONE);
            missing += e.killmailsNew();
            repaired += e.killmailsNew();
            failedDays += e.failedDays().size();
            parts.add(e.line());
            parts.addAll(e.failedDays());
        } catch (RuntimeException ex) {
            failedDays++;
            parts.add("everef failed: " + ex.getMessage());
        }
        try {
            ZkillboardRepair.Summary z = ZkillboardRepair.create(database, setup, config, clock)
                    .run(since, today, EverefBackfill.Progress.NONE);
            missing += z.listed() - z.alreadyStored();
            repaired += z.fetched();
            failedDays += z.failedDays().size();
            parts.add(z.line());
            parts.addAll(z.failedDays());
        } catch (RuntimeException ex) {
            failedDays++;
            parts.add("zkillboard failed: " + ex.getMessage());
        }
        Run run = new Run(started, clock.instant(), config.backfill().recheckDays(), missing, repaired, failedDays,
                String.join("; ", parts));
        record(run);
        return run;
    }

    private void record(Run r) {
        try {
            database.jdbi().useHandle(h -> SAVE.update(h).bind("started_at", r.startedAt().atOffset(ZoneOffset.UTC))
                    .bind("finished_at", r.finishedAt().atOffset(ZoneOffset.UTC)).bind("days", r.days())
                    .bind("missing", r.missing()).bind("repaired", r.repaired()).bind("failed_days", r.failedDays())
                    .bind("detail", r.detail()).execute());
        } catch (RuntimeException e) {
            log.warn("Cannot record the re-check of recent days: {}", e.getMessage());
        }
    }

    /** The latest re-check any serve recorded, if any. */
    public static Optional<Run> latest(org.jdbi.v3.core.Handle h) {
        return LATEST.query(h).map((rs, ctx) -> new Run(
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                rs.getObject("finished_at", OffsetDateTime.class).toInstant(), rs.getInt("days"), rs.getLong("missing"),
                rs.getLong("repaired"), rs.getInt("failed_days"), rs.getString("detail"))).findOne();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
