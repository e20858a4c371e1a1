package dev.evedmv.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.evedmv.EveDmvException;
import dev.evedmv.killmail.DerivedKillmail;

/**
 * {@code import}: decodes input files in parallel (one file per task) and writes with one
 * writer, in batches. Re-running an import after any interruption stores what was missing and
 * counts the rest as duplicates.
 */
public final class Importer {
    /** Told after every batch: files done out of all, and the counts so far. */
    @FunctionalInterface
    public interface Progress {
        void update(int filesDone, int filesTotal, WriteResult soFar);

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

    private record Chunk(List<DerivedKillmail> killmails, List<Rejection> rejections, boolean fileDone) {
    }

    private final KillmailWriter writer;
    private final RejectedInputs rejects;
    private final KillmailDecoder decoder;
    private final int batchSize;
    private final int decodeThreads;

    public Importer(KillmailWriter writer, RejectedInputs rejects, KillmailDecoder decoder, int batchSize, int decodeThreads) {
        if (batchSize < 1 || decodeThreads < 1) {
            throw new IllegalArgumentException("batchSize and decodeThreads must be positive");
        }
        this.writer = writer;
        this.rejects = rejects;
        this.decoder = decoder;
        this.batchSize = batchSize;
        this.decodeThreads = decodeThreads;
    }

    /** Imports killmail files (side files such as names and prices are the caller's). */
    public Summary run(List<InputFile> files, Progress progress) {
        long start = System.nanoTime();
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(64);
        ExecutorService pool = Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "import-decode");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> tasks = new ArrayList<>();
        for (InputFile f : files) {
            tasks.add(pool.submit(() -> decodeFile(f, queue)));
        }
        pool.shutdown();
        WriteResult total = WriteResult.NONE;
        List<DerivedKillmail> batch = new ArrayList<>(batchSize);
        List<Rejection> batchRejects = new ArrayList<>();
        int filesDone = 0;
        try {
            while (filesDone < files.size()) {
                Chunk chunk = queue.poll(1, TimeUnit.SECONDS);
                if (chunk == null) {
                    failIfDecodingFailed(tasks);
                    continue;
                }
                batch.addAll(chunk.killmails());
                batchRejects.addAll(chunk.rejections());
                if (chunk.fileDone()) {
                    filesDone++;
                }
                if (batch.size() >= batchSize || filesDone == files.size()) {
                    total = total.plus(flush(batch, batchRejects));
                    progress.update(filesDone, files.size(), total);
                }
            }
            total = total.plus(flush(batch, batchRejects));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("import interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return new Summary(total, Duration.ofNanos(System.nanoTime() - start));
    }

    private WriteResult flush(List<DerivedKillmail> batch, List<Rejection> batchRejects) {
        WriteResult r = WriteResult.NONE;
        if (!batch.isEmpty()) {
            r = writer.write(List.copyOf(batch), "import", KillmailWriter.InTransaction.NOTHING);
            batch.clear();
        }
        if (!batchRejects.isEmpty()) {
            rejects.record(List.copyOf(batchRejects));
            r = r.plus(new WriteResult(0, 0, batchRejects.size()));
            batchRejects.clear();
        }
        return r;
    }

    private void decodeFile(InputFile file, BlockingQueue<Chunk> queue) {
        AtomicInteger pending = new AtomicInteger();
        List<DerivedKillmail> killmails = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        DocumentReader.read(file, new DocumentReader.Sink() {
            @Override
            public void document(String source, byte[] json) {
                try {
                    killmails.add(decoder.decode(json));
                } catch (EveDmvException e) {
                    rejections.add(new Rejection(source, e.getMessage(), json));
                }
                if (pending.incrementAndGet() % 500 == 0) {
                    put(queue, new Chunk(List.copyOf(killmails), List.copyOf(rejections), false));
                    killmails.clear();
                    rejections.clear();
                }
            }

            @Override
            public void rejected(Rejection rejection) {
                rejections.add(rejection);
            }
        });
        put(queue, new Chunk(List.copyOf(killmails), List.copyOf(rejections), true));
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
