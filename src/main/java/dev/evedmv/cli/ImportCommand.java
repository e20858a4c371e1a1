package dev.evedmv.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.Importer;
import dev.evedmv.ingest.IngestSetup;
import dev.evedmv.ingest.InputFile;
import dev.evedmv.ingest.PriceStore;
import dev.evedmv.names.NameStore;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
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

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        try (Database db = context.openDatabase()) {
            Importer.Summary summary = importInto(db, context, paths, batchSize,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), !noProgress);
            context.out().println(summary.line());
            if (strict && summary.result().rejected() > 0) {
                throw new EveDmvException(summary.result().rejected() + " inputs rejected (--strict); see rejected_input");
            }
        }
    }

    /** Shared with {@code serve --demo}: side files first, then the killmails with a progress bar. */
    static Importer.Summary importInto(Database db, CliContext context, List<Path> paths, int batchSize, int threads,
                                       boolean progress) {
        List<InputFile> files;
        try {
            files = InputFile.expand(paths);
        } catch (java.io.IOException e) {
            throw new EveDmvException("cannot read " + paths + ": " + e.getMessage(), e);
        }
        IngestSetup setup = IngestSetup.open(db, Clock.systemUTC());
        boolean pricesLoaded = false;
        for (InputFile f : files) {
            try {
                if (f.kind() == InputFile.Kind.NAMES) {
                    new NameStore(db).loadFile(f.path());
                } else if (f.kind() == InputFile.Kind.PRICES) {
                    new PriceStore(db).load(Files.readAllBytes(f.path()));
                    pricesLoaded = true;
                }
            } catch (java.io.IOException e) {
                throw new EveDmvException("cannot read " + f.path() + ": " + e.getMessage(), e);
            }
        }
        if (pricesLoaded) {
            setup = setup.withCurrentPrices();
        }
        List<InputFile> killmailFiles = files.stream()
                .filter(f -> f.kind() != InputFile.Kind.NAMES && f.kind() != InputFile.Kind.PRICES).toList();
        Importer importer = new Importer(setup.writer(), setup.rejects(), setup.decoders().anyFormat(), batchSize,
                Math.max(1, threads));
        if (!progress) {
            return importer.run(killmailFiles, Importer.Progress.NONE);
        }
        long start = System.nanoTime();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("import").setInitialMax(killmailFiles.size())
                .setUnit(" files", 1).setStyle(ProgressBarStyle.ASCII).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(context.err())).build()) {
            Importer.Summary summary = importer.run(killmailFiles, (done, total, soFar) -> {
                double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-3);
                bar.stepTo(done);
                bar.setExtraMessage(String.format(java.util.Locale.ROOT, " %,d killmails, %,.0f/s",
                        soFar.total(), soFar.total() / seconds));
            });
            bar.stepTo(killmailFiles.size());
            return summary;
        }
    }
}
