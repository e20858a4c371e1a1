package dev.evedmv.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.evedmv.EveDmvException;

/**
 * {@code import}: decodes input files in parallel (one file per task) and writes with one
 * writer, in batches. Past months that hold no killmails yet and that the import has EVE Ref
 * archives for are backfilled ({@link MonthBackfill}: unindexed load tables, attached when the
 * month's last archive is written); the rest goes batch by batch into the live partitions.
 * Re-running an import after any interruption stores what was missing and counts the rest as
 * duplicates.
 */
public final class Importer {
    /** The source every imported killmail is stored with. */
    private static final String SOURCE = "import";

    /**
     * Told after every batch: files done out of all, and the counts so far; and of each step of
     * the import besides writing batches ("indexing 2026-11"), from the thread that takes it.
     */
    @FunctionalInterface
    public interface Progress {
        void update(int filesDone, int filesTotal, WriteResult soFar);

        /** A step began; at most one runs at a time, next to the writing. */
        default void stepBegan(String step) {
        }

        /** The step that began last is done. */
        default void stepEnded(String step, Duration took) {
        }

        Progress NONE = (done, total, soFar) -> { };
    }

    /** The outcome of one import run. */
    public record Summary(WriteResult result, Duration elapsed) {
        public double killmailsPerSecond() {
            double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
            return result.total() / seconds;
        }

        public String line() {
            return String.format(java.util.Locale.ROOT,
                    "imported %,d new, %,d duplicates, %,d rejected in %.1f s (%,.0f killmails/s)",
                    result.inserted(), result.duplicates(), result.rejected(), elapsed.toNanos() / 1e9,
                    killmailsPerSecond());
        }
    }

    /** Decoded killmails of one file; {@code fileMonth} is the month an archive's name gives, or null. */
    private record Chunk(List<EncodedKillmail> killmails, List<Rejection> rejections, boolean fileDone,
                         YearMonth fileMonth) {
    }

    private final KillmailWriter writer;
    private final RejectedInputs rejects;
    private final KillmailDecoder decoder;
    private final int batchSize;
    private final int decodeThreads;
    private final boolean backfill;
    private final Clock clock;
    private final Bzip2Decoder bzip2;

    /**
     * @param backfill whether past months that hold no killmails yet are written the fast way
     *                 ({@link MonthBackfill}) rather than batch by batch into the live partitions
     */
    public Importer(KillmailWriter writer, RejectedInputs rejects, KillmailDecoder decoder, int batchSize, int decodeThreads,
                    boolean backfill, Clock clock) {
        this(writer, rejects, decoder, batchSize, decodeThreads, backfill, clock, Bzip2Decoder.choose("auto", "bzip2"));
    }

    /** @param bzip2 what decompresses {@code .tar.bz2} archives, each on the decoding thread that reads it */
    public Importer(KillmailWriter writer, RejectedInputs rejects, KillmailDecoder decoder, int batchSize, int decodeThreads,
                    boolean backfill, Clock clock, Bzip2Decoder bzip2) {
        if (batchSize < 1 || decodeThreads < 1) {
            throw new IllegalArgumentException("batchSize and decodeThreads must be positive");
        }
        this.writer = writer;
        this.rejects = rejects;
        this.decoder = decoder;
        this.batchSize = batchSize;
        this.decodeThreads = decodeThreads;
        this.backfill = backfill;
        this.clock = clock;
        this.bzip2 = bzip2;
    }

    /** Imports killmail files (side files such as names and prices are the caller's). */
    public Summary run(List<InputFile> files, Progress progress) {
        long start = System.nanoTime();
        MonthBackfill.dropOrphanedLoadTables(writer.database());
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(64);
        ExecutorService pool = Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "import-decode");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> tasks = new ArrayList<>();
        Map<YearMonth, Integer> archivesLeft = new HashMap<>();
        for (InputFile f : files) {
            YearMonth month = f.archiveMonth().orElse(null);
            if (month != null) {
                archivesLeft.merge(month, 1, Integer::sum);
            }
            tasks.add(pool.submit(() -> decodeFile(f, month, queue)));
        }
        pool.shutdown();
        Backfills backfills = new Backfills(archivesLeft.keySet(), progress);
        WriteResult total = WriteResult.NONE;
        List<EncodedKillmail> batch = new ArrayList<>(batchSize);
        List<Rejection> batchRejects = new ArrayList<>();
        int filesDone = 0;
        try (backfills) {
            while (filesDone < files.size()) {
                Chunk chunk = queue.poll(1, TimeUnit.SECONDS);
                if (chunk == null) {
                    failIfDecodingFailed(tasks);
                    continue;
                }
                batch.addAll(chunk.killmails());
                batchRejects.addAll(chunk.rejections());
                boolean monthDone = false;
                if (chunk.fileDone()) {
                    filesDone++;
                    monthDone = chunk.fileMonth() != null && archivesLeft.merge(chunk.fileMonth(), -1, Integer::sum) == 0;
                }
                if (batch.size() >= batchSize || filesDone == files.size() || monthDone) {
                    total = total.plus(flush(batch, batchRejects, backfills));
                    if (monthDone) {
                        backfills.finish(chunk.fileMonth());
                    }
                    progress.update(filesDone, files.size(), total);
                }
            }
            total = total.plus(flush(batch, batchRejects, backfills));
            backfills.finishAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("import interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return new Summary(total, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The months this import backfills: those its archives are named for, when {@link MonthBackfill}
     * accepts them. A month's load tables are indexed and attached once its last archive is
     * written, on a thread of its own (each backfill has its own connection), while the writer
     * goes on with the next month.
     */
    private final class Backfills implements AutoCloseable {
        private final Set<YearMonth> candidates;
        private final Progress progress;
        private final Map<YearMonth, MonthBackfill> open = new HashMap<>();
        private final Set<YearMonth> decided = new HashSet<>();
        private final Map<YearMonth, Future<?>> finishing = new LinkedHashMap<>();
        private final ExecutorService finisher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "import-backfill-finish");
            t.setDaemon(true);
            return t;
        });

        Backfills(Set<YearMonth> archiveMonths, Progress progress) {
            this.candidates = backfill ? new HashSet<>(archiveMonths) : new HashSet<>();
            this.progress = progress;
        }

        /** The backfill that takes killmails of {@code month}, if any. */
        MonthBackfill of(YearMonth month) {
            if (finishing.containsKey(month)) {
                // a stray killmail of a month being attached goes the live way, once the month is in place
                await(month);
            }
            if (!candidates.contains(month)) {
                return null;
            }
            if (decided.add(month)) {
                MonthBackfill.start(writer, month, YearMonth.now(clock.withZone(ZoneOffset.UTC)))
                        .ifPresent(b -> open.put(month, b));
            }
            return open.get(month);
        }

        /** Starts indexing and attaching {@code month}; fails if an earlier month's attach failed. */
        void finish(YearMonth month) {
            candidates.remove(month);
            failIfAnyFailed();
            MonthBackfill b = open.remove(month);
            if (b != null) {
                finishing.put(month, finisher.submit(() -> {
                    try (b) {
                        b.finish(progress);
                    }
                }));
            }
        }

        /** Finishes every month still open and waits until all are attached. */
        void finishAll() {
            for (YearMonth month : List.copyOf(open.keySet())) {
                finish(month);
            }
            for (YearMonth month : List.copyOf(finishing.keySet())) {
                await(month);
            }
        }

        private void failIfAnyFailed() {
            for (Map.Entry<YearMonth, Future<?>> e : List.copyOf(finishing.entrySet())) {
                if (e.getValue().isDone()) {
                    await(e.getKey());
                }
            }
        }

        private void await(YearMonth month) {
            Future<?> f = finishing.remove(month);
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IngestException("import interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException re ? re
                        : new IngestException("attaching " + month + " failed: " + cause.getMessage(), cause);
            }
        }

        /**
         * Rolls back the months not finished (an error stopped the import); a month being
         * attached is left to end on its own, committed or rolled back whole.
         */
        @Override
        public void close() {
            for (MonthBackfill b : open.values()) {
                b.close();
            }
            open.clear();
            finisher.shutdown();
            try {
                finisher.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private WriteResult flush(List<EncodedKillmail> batch, List<Rejection> batchRejects, Backfills backfills) {
        WriteResult r = WriteResult.NONE;
        if (!batch.isEmpty()) {
            Map<MonthBackfill, List<EncodedKillmail>> byBackfill = new LinkedHashMap<>();
            List<EncodedKillmail> live = new ArrayList<>();
            for (EncodedKillmail d : batch) {
                MonthBackfill b = backfills.of(YearMonth.from(d.derived().killmail().time().atOffset(ZoneOffset.UTC)));
                if (b == null) {
                    live.add(d);
                } else {
                    byBackfill.computeIfAbsent(b, k -> new ArrayList<>()).add(d);
                }
            }
            for (Map.Entry<MonthBackfill, List<EncodedKillmail>> e : byBackfill.entrySet()) {
                r = r.plus(e.getKey().write(e.getValue(), SOURCE));
            }
            if (!live.isEmpty()) {
                r = r.plus(writer.write(live, SOURCE, KillmailWriter.InTransaction.NOTHING, writer.live()));
            }
            batch.clear();
        }
        if (!batchRejects.isEmpty()) {
            rejects.record(List.copyOf(batchRejects));
            r = r.plus(new WriteResult(0, 0, batchRejects.size()));
            batchRejects.clear();
        }
        return r;
    }

    private void decodeFile(InputFile file, YearMonth month, BlockingQueue<Chunk> queue) {
        AtomicInteger pending = new AtomicInteger();
        List<EncodedKillmail> killmails = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        DocumentReader.read(file, bzip2, new DocumentReader.Sink() {
            @Override
            public void document(String source, byte[] json) {
                try {
                    killmails.add(EncodedKillmail.of(decoder.decode(json), SOURCE));
                } catch (EveDmvException e) {
                    rejections.add(new Rejection(source, e.getMessage(), json));
                }
                if (pending.incrementAndGet() % 500 == 0) {
                    put(queue, new Chunk(List.copyOf(killmails), List.copyOf(rejections), false, month));
                    killmails.clear();
                    rejections.clear();
                }
            }

            @Override
            public void rejected(Rejection rejection) {
                rejections.add(rejection);
            }
        });
        put(queue, new Chunk(List.copyOf(killmails), List.copyOf(rejections), true, month));
    }

    private static void put(BlockingQueue<Chunk> queue, Chunk chunk) {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("import interrupted", e);
        }
    }

    private static void failIfDecodingFailed(List<Future<?>> tasks) throws InterruptedException {
        for (Future<?> t : tasks) {
            if (t.isDone()) {
                try {
                    t.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IngestException("decoding failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }
}
