package dev.evedmv.cli;

import java.nio.file.Path;
import java.util.List;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.Bzip2Decoder;
import dev.evedmv.ingest.ImportJob;
import dev.evedmv.ingest.Importer;
import dev.evedmv.readmodel.ReadModelBuilds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import PATH...}: EVE Ref archives, folders of them, .json and .jsonl files. */
@Command(name = "import", description = "Import killmails from EVE Ref archives (.tar.bz2/.tar.gz), folders, .json and .jsonl files.",
        mixinStandardHelpOptions = true)
final class ImportCommand implements Runnable {
    private final CliContext context;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (searched recursively).")
    List<Path> paths;

    @Option(names = "--strict", description = "Exit non-zero when anything was rejected.")
    boolean strict;

    @Option(names = "--batch-size", defaultValue = "2000", description = "Killmails per write transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", description = "Decoding threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress on the error stream (by default a bar on a terminal, plain lines elsewhere).")
    boolean noProgress;

    @Option(names = "--no-backfill", description = "Write every batch into the live partitions, also for past months "
            + "that hold no killmails yet (by default those are loaded into unindexed tables, indexed and attached "
            + "when their last archive is written).")
    boolean noBackfill;

    @Option(names = "--bzip2", paramLabel = "DECODER", description = "What decompresses .tar.bz2 archives: auto (lbzip2, "
            + "else bzip2 on PATH, else Java), lbzip2, bzip2 or java (default: EVEDMV_BZIP2, else auto).")
    String bzip2;

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        try (Database db = context.openDatabase()) {
            Bzip2Decoder decoder = bzip2 != null ? Bzip2Decoder.choose(bzip2, "--bzip2")
                    : Bzip2Decoder.choose(context.config().bzip2(), "EVEDMV_BZIP2");
            Imported imported = importInto(db, context, paths, batchSize,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), !noProgress, !noBackfill, decoder);
            context.out().println(imported.summary().line());
            context.out().println(imported.built().line());
            Importer.Summary summary = imported.summary();
            if (strict && summary.result().rejected() > 0) {
                throw new EveDmvException(summary.result().rejected() + " inputs rejected (--strict); 'rejects list' shows them");
            }
        }
    }

    /** What an import stored, and what it built after. */
    record Imported(Importer.Summary summary, ReadModelBuilds.Built built) {
    }

    /**
     * Shared with {@code serve --demo}: side files first, then the killmails, then the stale top
     * rankings and monthly lists built to completion (so that answers take their fast paths as soon
     * as it returns), their progress on the error stream (a bar on a terminal, plain lines elsewhere).
     */
    static Imported importInto(Database db, CliContext context, List<Path> paths, int batchSize, int threads,
                               boolean progress, boolean backfill) {
        return importInto(db, context, paths, batchSize, threads, progress, backfill,
                Bzip2Decoder.choose(context.config().bzip2(), "EVEDMV_BZIP2"));
    }

    static Imported importInto(Database db, CliContext context, List<Path> paths, int batchSize, int threads,
                               boolean progress, boolean backfill, Bzip2Decoder bzip2) {
        if (!progress) {
            Importer.Summary summary = ImportJob.run(db, paths, batchSize, threads, backfill, context.clock(), bzip2,
                    files -> Importer.Progress.NONE);
            return new Imported(summary, new ReadModelBuilds(db, context.clock()).buildAll(ReadModelBuilds.Steps.NONE));
        }
        ImportProgress[] shown = new ImportProgress[1];
        try {
            Importer.Summary summary = ImportJob.run(db, paths, batchSize, threads, backfill, context.clock(), bzip2,
                    files -> shown[0] = ImportProgress.on(context.err(), context.terminal(), files));
            ReadModelBuilds.Steps steps = shown[0] == null ? ReadModelBuilds.Steps.NONE : shown[0].asBuildSteps();
            return new Imported(summary, new ReadModelBuilds(db, context.clock()).buildAll(steps));
        } finally {
            if (shown[0] != null) {
                shown[0].close();
            }
        }
    }
}
