package dev.evedmv.cli;

import java.nio.file.Path;
import java.util.List;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.ImportJob;
import dev.evedmv.ingest.Importer;
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

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        try (Database db = context.openDatabase()) {
            Importer.Summary summary = importInto(db, context, paths, batchSize,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), !noProgress, !noBackfill);
            context.out().println(summary.line());
            if (strict && summary.result().rejected() > 0) {
                throw new EveDmvException(summary.result().rejected() + " inputs rejected (--strict); 'rejects list' shows them");
            }
        }
    }

    /**
     * Shared with {@code serve --demo}: side files first, then the killmails, their progress on the
     * error stream (a bar on a terminal, plain lines elsewhere).
     */
    static Importer.Summary importInto(Database db, CliContext context, List<Path> paths, int batchSize, int threads,
                                       boolean progress, boolean backfill) {
        if (!progress) {
            return ImportJob.run(db, paths, batchSize, threads, backfill, context.clock(), files -> Importer.Progress.NONE);
        }
        ImportProgress[] shown = new ImportProgress[1];
        try {
            return ImportJob.run(db, paths, batchSize, threads, backfill, context.clock(),
                    files -> shown[0] = ImportProgress.on(context.err(), context.terminal(), files));
        } finally {
            if (shown[0] != null) {
                shown[0].close();
            }
        }
    }
}
