package dev.evedmv.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.names.NameStore;

/** One {@code import} run: side files (names, prices) first, then the killmails. */
public final class ImportJob {
    private ImportJob() {
    }

    /**
     * @param backfill whether empty past months are backfilled ({@link MonthBackfill})
     * @param clock    the current time, which decides which months are past
     */
    public static Importer.Summary run(Database db, List<Path> paths, int batchSize, int threads, boolean backfill,
                                       Clock clock,
                                       java.util.function.Function<Integer, Importer.Progress> progressForFiles) {
        return run(db, paths, batchSize, threads, backfill, clock, Bzip2Decoder.choose("auto", "bzip2"), progressForFiles);
    }

    /** @param bzip2 what decompresses {@code .tar.bz2} archives */
    public static Importer.Summary run(Database db, List<Path> paths, int batchSize, int threads, boolean backfill,
                                       Clock clock, Bzip2Decoder bzip2,
                                       java.util.function.Function<Integer, Importer.Progress> progressForFiles) {
        List<InputFile> files;
        try {
            files = InputFile.expand(paths);
        } catch (IOException e) {
            throw new EveDmvException("cannot read " + paths + ": " + e.getMessage(), e);
        }
        IngestSetup setup = IngestSetup.open(db, clock);
        boolean pricesLoaded = false;
        for (InputFile f : files) {
            try {
                if (f.kind() == InputFile.Kind.NAMES) {
                    new NameStore(db).loadFile(f.path());
                } else if (f.kind() == InputFile.Kind.PRICES) {
                    new PriceStore(db).load(Files.readAllBytes(f.path()));
                    pricesLoaded = true;
                }
            } catch (IOException e) {
                throw new EveDmvException("cannot read " + f.path() + ": " + e.getMessage(), e);
            }
        }
        if (pricesLoaded) {
            setup = setup.withCurrentPrices();
        }
        List<InputFile> killmailFiles = files.stream()
                .filter(f -> f.kind() != InputFile.Kind.NAMES && f.kind() != InputFile.Kind.PRICES).toList();
        Importer importer = new Importer(setup.writer(), setup.rejects(), setup.decoders().anyFormat(), batchSize,
                Math.max(1, threads), backfill, clock, bzip2);
        return importer.run(killmailFiles, progressForFiles.apply(killmailFiles.size()));
    }
}
