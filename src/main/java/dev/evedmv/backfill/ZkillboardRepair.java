package dev.evedmv.backfill;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.IngestSetup;
import dev.evedmv.ingest.KillmailDecoder;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.ingest.Rejection;
import dev.evedmv.ingest.WriteResult;
import dev.evedmv.killmail.DerivedKillmail;

/**
 * {@code backfill zkillboard}: for each day of zKillboard's history in {@code [since, until)}
 * ({@code {base}/totals.json}, then {@code {base}/{YYYYMMDD}.json}, one request a second), the
 * listed killmail ids not stored are fetched from ESI with their hash and stored through the
 * writer, exactly once like every other killmail. An id ESI refuses goes to {@code rejected_input}
 * with ESI's words and the run goes on. A day whose last check found every id stored and whose
 * count has not moved is not asked for again.
 */
public final class ZkillboardRepair {
    private static final Logger log = LoggerFactory.getLogger(ZkillboardRepair.class);
    static final String SOURCE = "zkillboard";
    /** The source stored killmails are tagged with. */
    static final String WRITER_SOURCE = "zkillboard-history";
    private static final int BATCH = 200;

    /** The run's figures ({@code --json}) and the days that did not end well, in words. */
    public record Summary(long daysListed, long listed, long alreadyStored, long fetched, long failed,
                          List<String> failedDays, Duration elapsed) {
        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("days_listed", daysListed);
            out.put("listed", listed);
            out.put("already_stored", alreadyStored);
            out.put("fetched", fetched);
            out.put("failed", failed);
            return out;
        }

        public String line() {
            return String.format(java.util.Locale.ROOT,
                    "zkillboard: %,d days listed, %,d killmails listed, %,d already stored, %,d fetched, %,d failed in %.1f s",
                    daysListed, listed, alreadyStored, fetched, failed, elapsed.toNanos() / 1e9);
        }
    }

    private final IngestSetup setup;
    private final HttpSource history;
    private final String base;
    private final EsiKillmails esi;
    private final Clock clock;
    private final BackfillDays days;

    ZkillboardRepair(Database database, IngestSetup setup, HttpSource history, String historyUrl, EsiKillmails esi,
                     Clock clock) {
        this.setup = setup;
        this.history = history;
        this.base = historyUrl.endsWith("/") ? historyUrl.substring(0, historyUrl.length() - 1) : historyUrl;
        this.esi = esi;
        this.clock = clock;
        this.days = new BackfillDays(database);
    }

    /** From the configuration: zKillboard's history one request a second, ESI at most 20 calls a second. */
    public static ZkillboardRepair create(Database database, IngestSetup setup, EveDmvConfig config, Clock clock) {
        Duration timeout = config.backfill().readTimeout();
        HttpSource zkb = new HttpSource("zKillboard history", config.userAgent(),
                HttpSource.Timing.of(timeout, Duration.ofSeconds(1)), HttpSource.Sleeper.REAL);
        HttpSource esi = new HttpSource("ESI", config.userAgent(), HttpSource.Timing.of(timeout, Duration.ofMillis(50)),
                HttpSource.Sleeper.REAL);
        return new ZkillboardRepair(database, setup, zkb, config.backfill().zkbHistoryUrl(),
                new EsiKillmails(esi, config.esiUrl()), clock);
    }

    public Summary run(LocalDate sinceOrNull, LocalDate untilOrNull, EverefBackfill.Progress progress) {
        long start = System.nanoTime();
        LocalDate until = EverefBackfill.untilOrToday(untilOrNull, clock);
        if (sinceOrNull != null && !sinceOrNull.isBefore(until)) {
            throw new EveDmvException("--since " + sinceOrNull + " must be before --until " + until
                    + " (until is exclusive; by default today, so that yesterday is the last day)");
        }
        LocalDate since = sinceOrNull != null ? sinceOrNull : LocalDate.of(2003, 1, 1);
        URI totalsUri = URI.create(base + "/totals.json");
        Map<LocalDate, Long> totals;
        try {
            HttpSource.Answer<Map<LocalDate, Long>> a = history.get(totalsUri, Map.of("Accept", "application/json"),
                    HistoryJson.totals("zKillboard's " + totalsUri));
            if (a.status() != 200) {
                throw new EveDmvException("cannot read zKillboard's history totals: " + totalsUri + " answered HTTP " + a.status());
            }
            totals = a.body();
        } catch (HttpSource.FailedException e) {
            throw new EveDmvException("cannot read zKillboard's history totals: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EveDmvException("backfill interrupted", e);
        }
        Map<LocalDate, DayState> before = days.between(SOURCE, since, until);
        long[] figures = new long[5]; // days listed, listed, already stored, fetched, failed
        List<String> failedDays = new ArrayList<>();
        List<LocalDate> work = totals.keySet().stream().filter(d -> !d.isBefore(since) && d.isBefore(until)).toList();
        int done = 0;
        for (LocalDate day : work) {
            long count = totals.get(day);
            figures[0]++;
            DayState previous = before.get(day);
            if (count == 0) {
                done++;
                continue;
            }
            if (previous != null && previous.outcome().done() && previous.listed() == count && previous.killmails() != null) {
                // every id was stored when last checked, and stored killmails stay
                figures[1] += previous.killmails();
                figures[2] += previous.killmails();
                done++;
                continue;
            }
            try {
                repairDay(day, count, figures, failedDays, progress);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EveDmvException("backfill interrupted", e);
            }
            done++;
            progress.update(new EverefBackfill.Snapshot(done, work.size(), 0, figures[3],
                    Duration.ofNanos(System.nanoTime() - start)));
        }
        return new Summary(figures[0], figures[1], figures[2], figures[3], figures[4], List.copyOf(failedDays),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private void repairDay(LocalDate day, long count, long[] figures, List<String> failedDays,
                           EverefBackfill.Progress progress) throws InterruptedException {
        URI uri = URI.create(base + "/" + day.format(HistoryJson.DAY) + ".json");
        Map<Long, String> hashes;
        try {
            HttpSource.Answer<Map<Long, String>> a = history.get(uri, Map.of("Accept", "application/json"),
                    HistoryJson.hashes("zKillboard's " + uri));
            if (a.status() != 200) {
                dayFailed(day, count, a.status() == 404 ? DayState.Outcome.MISSING : DayState.Outcome.FAILED,
                        uri + " answered HTTP " + a.status(), failedDays, progress);
                return;
            }
            hashes = a.body();
        } catch (HttpSource.FailedException e) {
            dayFailed(day, count, DayState.Outcome.FAILED, e.getMessage(), failedDays, progress);
            return;
        }
        long[] ids = hashes.keySet().stream().mapToLong(Long::longValue).toArray();
        Set<Long> stored = days.stored(ids);
        figures[1] += ids.length;
        figures[2] += stored.size();
        KillmailDecoder decoder = setup.decoders().anyFormat();
        List<DerivedKillmail> batch = new ArrayList<>();
        List<Rejection> refused = new ArrayList<>();
        long fetched = 0;
        long failed = 0;
        String firstFailure = null;
        for (Map.Entry<Long, String> e : hashes.entrySet()) {
            if (stored.contains(e.getKey())) {
                continue;
            }
            EsiKillmails.Result r = esi.fetch(e.getKey(), e.getValue());
            String source = "esi:" + e.getKey() + "/" + e.getValue();
            if (r instanceof EsiKillmails.Found f) {
                try {
                    batch.add(decoder.decode(f.json()));
                } catch (EveDmvException bad) {
                    refused.add(new Rejection(source, bad.getMessage(), f.json()));
                }
            } else if (r instanceof EsiKillmails.Refused ref) {
                refused.add(new Rejection(source, ref.reason() + " (listed in zKillboard's history of " + day + ")", null));
            } else if (r instanceof EsiKillmails.Failed fail) {
                failed++;
                firstFailure = firstFailure == null ? fail.reason() : firstFailure;
            }
            if (batch.size() >= BATCH) {
                WriteResult w = write(batch);
                fetched += w.inserted() + w.duplicates();
                failed += w.rejected();
            }
        }
        WriteResult last = write(batch);
        fetched += last.inserted() + last.duplicates();
        failed += last.rejected();
        setup.rejects().record(refused);
        figures[3] += fetched;
        figures[4] += failed + refused.size();
        // a refusal is final (recorded in rejected_input); only what ESI did not answer is asked again
        DayState.Outcome outcome = failed > 0 ? DayState.Outcome.INCOMPLETE
                : fetched > 0 || !refused.isEmpty() ? DayState.Outcome.REPAIRED : DayState.Outcome.COMPLETE;
        List<String> details = new ArrayList<>();
        if (!refused.isEmpty()) {
            details.add(refused.size() + " refused by ESI (in rejected_input)");
        }
        if (ids.length != count) {
            details.add("the dump lists " + ids.length + " killmails and totals.json " + count);
        }
        if (failed > 0) {
            details.add(0, failed + " of " + (ids.length - stored.size()) + " missing killmails not fetched (" + firstFailure + ")");
            String line = "zkillboard " + day + ": " + details.get(0) + "; the next run retries them";
            failedDays.add(line);
            progress.warn(line);
            log.warn("Backfill of {} from zKillboard: {}", day, details.get(0));
        }
        String detail = details.isEmpty() ? null : String.join("; ", details);
        days.save(new DayState(SOURCE, day, count, null, null, null, (long) ids.length, (long) stored.size(), fetched,
                failed, clock.instant(), outcome, detail));
    }

    /**
     * Writes and empties the batch: new killmails, those stored meanwhile (by the live feed, say),
     * and those the database refused (in rejected_input, tried again next run).
     */
    private WriteResult write(List<DerivedKillmail> batch) {
        if (batch.isEmpty()) {
            return WriteResult.NONE;
        }
        KillmailWriter writer = setup.writer();
        WriteResult r = writer.write(List.copyOf(batch), WRITER_SOURCE, KillmailWriter.InTransaction.NOTHING);
        batch.clear();
        return r;
    }

    private void dayFailed(LocalDate day, long count, DayState.Outcome outcome, String detail, List<String> failedDays,
                           EverefBackfill.Progress progress) {
        String line = "zkillboard " + day + ": " + detail + "; the next run retries it";
        failedDays.add(line);
        progress.warn(line);
        log.warn("Backfill of {} from zKillboard: {}", day, detail);
        days.save(new DayState(SOURCE, day, count, null, null, null, null, null, null, null, clock.instant(), outcome,
                detail));
    }
}
