package dev.evedmv.backfill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.ArchiveContents;
import dev.evedmv.ingest.Importer;
import dev.evedmv.ingest.IngestSetup;
import dev.evedmv.ingest.InputFile;
import dev.evedmv.ingest.Rejection;
import dev.evedmv.ingest.WriteResult;

/**
 * {@code backfill everef}: every day EVE Ref's {@code totals.json} lists with killmails in
 * {@code [since, until)}, its archive asked for conditionally on the day's {@code backfill_days}
 * row, at most {@value #DOWNLOADS} downloads at a time running ahead of the import. The archives of
 * a month are imported together through {@link Importer}, {@code import}'s exactly-once path (a past
 * month that holds no killmails yet is backfilled whole), and each day is recorded only once its
 * killmails are committed, so a killed run starts again at the days it had not finished. An
 * archive that cannot be read whole is stored not at all, recorded and left for the next run.
 */
public final class EverefBackfill {
    private static final Logger log = LoggerFactory.getLogger(EverefBackfill.class);
    static final String SOURCE = "everef";
    /** Downloads at once, as EVE Ref asks. */
    static final int DOWNLOADS = 2;
    /** Archives downloaded and not yet imported, at most: a month's, and some of the next. */
    static final int AHEAD = 40;
    /** Days failing one after another (server errors, timeouts) that end the run. */
    static final int FAILURES_IN_A_ROW = 5;

    /** The days asked for: [since, until), null for every day listed / up to yesterday. */
    public record Options(LocalDate since, LocalDate until, boolean newestFirst, boolean keepArchives) {
    }

    /** Told after each day and during each month's import. */
    @FunctionalInterface
    public interface Progress {
        void update(Snapshot snapshot);

        /** A day that did not end well, in one line. */
        default void warn(String line) {
        }

        Progress NONE = s -> { };

        /** No progress, only the warnings, each handed to {@code lines}. */
        static Progress warningsTo(java.util.function.Consumer<String> lines) {
            return new Progress() {
                @Override
                public void update(Snapshot snapshot) {
                }

                @Override
                public void warn(String line) {
                    lines.accept(line);
                }
            };
        }
    }

    /** Days checked out of all, bytes downloaded, killmails imported, and the time so far. */
    public record Snapshot(int daysDone, int daysTotal, long bytes, long killmails, Duration elapsed) {
        public double killmailsPerSecond() {
            return killmails / Math.max(elapsed.toNanos() / 1e9, 1e-3);
        }

        /** Null until a day is done. */
        public Duration eta() {
            return daysDone == 0 ? null : elapsed.multipliedBy(daysTotal - daysDone).dividedBy(daysDone);
        }
    }

    /** The run's figures ({@code --json}) and the days that failed, in words. */
    public record Summary(long daysListed, long daysDownloaded, long daysUnchanged, long bytesDownloaded,
                          long killmailsNew, long killmailsDuplicate, long rejected, List<String> failedDays,
                          Duration elapsed) {
        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("days_listed", daysListed);
            out.put("days_downloaded", daysDownloaded);
            out.put("days_unchanged", daysUnchanged);
            out.put("bytes_downloaded", bytesDownloaded);
            out.put("killmails_new", killmailsNew);
            out.put("killmails_duplicate", killmailsDuplicate);
            out.put("rejected", rejected);
            return out;
        }

        public String line() {
            return String.format(java.util.Locale.ROOT,
                    "everef: %,d days listed, %,d downloaded, %,d unchanged, %,d bytes; %,d killmails new, %,d duplicates,"
                            + " %,d rejected in %.1f s", daysListed, daysDownloaded, daysUnchanged, bytesDownloaded,
                    killmailsNew, killmailsDuplicate, rejected, elapsed.toNanos() / 1e9);
        }
    }

    /** What the download side made of one day. */
    private record DayResult(LocalDate day, long listed, DayState previous, EverefClient.Fetch fetch,
                             ArchiveContents contents) {
    }

    private final Database database;
    private final IngestSetup setup;
    private final EverefClient client;
    private final Path archiveDir;
    private final Clock clock;
    private final BackfillDays days;

    EverefBackfill(Database database, IngestSetup setup, EverefClient client, Path archiveDir, Clock clock) {
        this.database = database;
        this.setup = setup;
        this.client = client;
        this.archiveDir = archiveDir;
        this.clock = clock;
        this.days = new BackfillDays(database);
    }

    /** From the configuration: EVEDMV_EVEREF_URL, the user agent, the timeout; archives under {@code archiveDir}. */
    public static EverefBackfill create(Database database, IngestSetup setup, EveDmvConfig config, Path archiveDir,
                                       Clock clock) {
        HttpSource http = new HttpSource("EVE Ref", config.userAgent(),
                HttpSource.Timing.of(config.backfill().readTimeout(), Duration.ZERO), HttpSource.Sleeper.REAL);
        return new EverefBackfill(database, setup, new EverefClient(http, config.backfill().everefUrl()), archiveDir, clock);
    }

    /** The days up to yesterday (UTC, by {@code clock}) when {@code until} is null. */
    static LocalDate untilOrToday(LocalDate until, Clock clock) {
        return until != null ? until : LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    }

    public Summary run(Options options, Progress progress) {
        long start = System.nanoTime();
        LocalDate until = untilOrToday(options.until(), clock);
        if (options.since() != null && !options.since().isBefore(until)) {
            throw new EveDmvException("--since " + options.since() + " must be before --until " + until
                    + " (until is exclusive; by default today, so that yesterday is the last day)");
        }
        Map<LocalDate, Long> totals;
        try {
            totals = client.totals();
        } catch (HttpSource.FailedException e) {
            throw new EveDmvException("cannot read EVE Ref's totals.json: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EveDmvException("backfill interrupted", e);
        }
        LocalDate since = options.since() != null ? options.since() : LocalDate.of(2003, 1, 1);
        Map<LocalDate, Long> listed = new LinkedHashMap<>();
        totals.forEach((day, count) -> {
            if (!day.isBefore(since) && day.isBefore(until)) {
                listed.put(day, count);
            }
        });
        List<LocalDate> work = listed.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .sorted(options.newestFirst() ? Comparator.reverseOrder() : Comparator.naturalOrder()).toList();
        Map<LocalDate, DayState> before = days.between(SOURCE, since, until);
        Map<YearMonth, List<LocalDate>> months = new LinkedHashMap<>();
        for (LocalDate day : work) {
            months.computeIfAbsent(YearMonth.from(day), m -> new ArrayList<>()).add(day);
        }
        try {
            Files.createDirectories(archiveDir);
            removeParts();
        } catch (IOException e) {
            throw new EveDmvException("cannot write archives under " + archiveDir + ": " + e.getMessage(), e);
        }
        Run run = new Run(work.size(), options.keepArchives(), progress, start);
        ExecutorService downloads = Executors.newFixedThreadPool(DOWNLOADS, r -> {
            Thread t = new Thread(r, "backfill-download");
            t.setDaemon(true);
            return t;
        });
        Semaphore ahead = new Semaphore(AHEAD);
        try {
            Map<LocalDate, Future<DayResult>> pending = new LinkedHashMap<>();
            for (LocalDate day : work) {
                DayState previous = before.get(day);
                long count = listed.get(day);
                // a day fully stored with the same count is asked for conditionally; any other is fetched whole
                DayState conditionalOn = previous != null && previous.outcome().done() && previous.listed() == count
                        ? previous : null;
                pending.put(day, downloads.submit(() -> download(day, count, conditionalOn, ahead)));
            }
            for (Map.Entry<YearMonth, List<LocalDate>> month : months.entrySet()) {
                List<DayResult> results = new ArrayList<>();
                for (LocalDate day : month.getValue()) {
                    DayResult r = await(pending.get(day));
                    results.add(r);
                    run.fetched(r);
                }
                run.importMonth(results, ahead);
                if (run.failuresInARow >= FAILURES_IN_A_ROW) {
                    progress.warn("everef: " + run.failuresInARow + " days failed in a row; stopping (the next run retries them)");
                    break;
                }
            }
        } finally {
            downloads.shutdownNow();
            try {
                downloads.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            run.removeLeftovers();
        }
        WriteResult w = run.written;
        return new Summary(listed.size(), run.downloaded, run.unchanged, run.bytes, w.inserted(), w.duplicates(),
                w.rejected(), List.copyOf(run.failed), Duration.ofNanos(System.nanoTime() - start));
    }

    /** One day on a download thread: the archive, whole and read through, or why not. */
    private DayResult download(LocalDate day, long listed, DayState previous, Semaphore ahead) throws InterruptedException {
        ahead.acquire();
        boolean holdsFile = false;
        try {
            EverefClient.Fetch fetch = client.archive(day, previous, archiveDir);
            ArchiveContents contents = null;
            if (fetch instanceof EverefClient.Downloaded d) {
                contents = ArchiveContents.of(d.file());
                holdsFile = contents.unreadable().isEmpty();
            }
            return new DayResult(day, listed, previous, fetch, contents);
        } finally {
            if (!holdsFile) {
                ahead.release();
            }
        }
    }

    private static DayResult await(Future<DayResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EveDmvException("backfill interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re
                    : new EveDmvException("download failed: " + cause.getMessage(), cause);
        }
    }

    private void removeParts() throws IOException {
        try (var files = Files.list(archiveDir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".part")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The figures of one run, kept by the importing thread, and what it does with each day. */
    private final class Run {
        final int daysTotal;
        final boolean keepArchives;
        final Progress progress;
        final long start;
        final List<String> failed = new ArrayList<>();
        final List<Path> files = new ArrayList<>();
        WriteResult written = WriteResult.NONE;
        int daysDone;
        long downloaded;
        long unchanged;
        long bytes;
        int failuresInARow;

        Run(int daysTotal, boolean keepArchives, Progress progress, long start) {
            this.daysTotal = daysTotal;
            this.keepArchives = keepArchives;
            this.progress = progress;
            this.start = start;
        }

        /** A day's download ended: what needs no import is recorded at once. */
        void fetched(DayResult r) {
            EverefClient.Fetch fetch = r.fetch();
            if (fetch instanceof EverefClient.Unchanged) {
                unchanged++;
                failuresInARow = 0;
                DayState p = r.previous();
                days.save(new DayState(SOURCE, r.day(), r.listed(), p.etag(), p.lastModified(), p.bytes(),
                        p.killmails(), p.stored(), null, null, clock.instant(), p.outcome(), p.detail()));
                daysDone++;
            } else if (fetch instanceof EverefClient.Missing m) {
                failuresInARow = 0;
                fail(r, DayState.Outcome.MISSING, m.detail(), null);
            } else if (fetch instanceof EverefClient.Failed f) {
                failuresInARow++;
                fail(r, DayState.Outcome.FAILED, f.detail(), null);
            } else if (fetch instanceof EverefClient.Downloaded d) {
                downloaded++;
                bytes += d.bytes();
                files.add(d.file());
                failuresInARow = 0;
                if (r.contents().unreadable().isPresent()) {
                    String reason = r.contents().unreadable().get();
                    setup.rejects().record(List.of(new Rejection(d.file().getFileName().toString(),
                            reason + " (downloaded from " + client.archiveUri(r.day()) + "; nothing of it stored)", null)));
                    written = written.plus(new WriteResult(0, 0, 1));
                    fail(r, DayState.Outcome.CORRUPT, reason, d);
                }
            }
            update(0);
        }

        private void fail(DayResult r, DayState.Outcome outcome, String detail, EverefClient.Downloaded d) {
            String line = "everef " + r.day() + ": " + detail + "; the next run retries it";
            failed.add(line);
            progress.warn(line);
            log.warn("Backfill of {} from EVE Ref: {} ({})", r.day(), detail, outcome.sql());
            days.save(new DayState(SOURCE, r.day(), r.listed(), null, null, d == null ? null : d.bytes(),
                    r.contents() == null ? null : r.contents().killmails(), null, null, null, clock.instant(), outcome,
                    detail));
            daysDone++;
            if (d != null) {
                delete(d.file());
            }
        }

        /** Imports the month's readable archives in one import, then records their days. */
        void importMonth(List<DayResult> results, Semaphore ahead) {
            List<DayResult> readable = results.stream().filter(r -> r.fetch() instanceof EverefClient.Downloaded
                    && r.contents().unreadable().isEmpty()).toList();
            if (readable.isEmpty()) {
                return;
            }
            try {
                List<InputFile> inputs = readable.stream().map(r -> new InputFile(
                        ((EverefClient.Downloaded) r.fetch()).file(), InputFile.Kind.ARCHIVE)).toList();
                Importer importer = new Importer(setup.writer(), setup.rejects(), setup.decoders().anyFormat(), 2000,
                        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), true, clock);
                Importer.Summary s = importer.run(inputs, (filesDone, filesTotal, soFar) -> update(soFar.inserted() + soFar.duplicates()));
                written = written.plus(s.result());
                for (DayResult r : readable) {
                    EverefClient.Downloaded d = (EverefClient.Downloaded) r.fetch();
                    long stored = days.stored(r.contents().ids()).size();
                    boolean differs = r.contents().killmails() != r.listed();
                    String detail = differs ? "the archive holds " + r.contents().killmails() + " killmails and totals.json lists "
                            + r.listed() : null;
                    if (differs) {
                        String line = "everef " + r.day() + ": " + detail + " (imported; the two are not updated at the same moment)";
                        progress.warn(line);
                        log.warn("Backfill of {}: {}", r.day(), line);
                    }
                    days.save(new DayState(SOURCE, r.day(), r.listed(), d.etag(), d.lastModified(), d.bytes(),
                            r.contents().killmails(), stored, null, null, clock.instant(),
                            differs ? DayState.Outcome.COUNT_DIFFERS : DayState.Outcome.IMPORTED, detail));
                    daysDone++;
                }
            } finally {
                for (DayResult r : readable) {
                    Path file = ((EverefClient.Downloaded) r.fetch()).file();
                    if (!keepArchives) {
                        delete(file);
                    }
                    ahead.release();
                }
                update(0);
            }
        }

        private void update(long importing) {
            progress.update(new Snapshot(daysDone, daysTotal, bytes, written.inserted() + written.duplicates() + importing,
                    Duration.ofNanos(System.nanoTime() - start)));
        }

        /** Archives downloaded and not imported (the run stopped early) go, unless kept. */
        void removeLeftovers() {
            if (!keepArchives) {
                files.forEach(this::delete);
            }
        }

        private void delete(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Cannot delete {}: {}", file, e.getMessage());
            }
        }
    }
}
