package dev.evedmv.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import dev.evedmv.bench.SdeTablesCatalogSource;
import dev.evedmv.bench.StaticCatalog;
import dev.evedmv.bench.StaticCatalogSource;
import dev.evedmv.bench.SyntheticIds;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.db.Database;
import dev.evedmv.sde.StaticDataBootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate --killmails N --seed S --out DIR [--from DATE --to DATE]}: synthetic killmails in EVE Ref's layout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic killmails as EVE Ref daily archives, with names.jsonl and prices.json.")
final class GenerateCommand implements Runnable {
    private final CliContext context;
    private final StaticCatalogSource catalogSource;

    @Option(names = "--killmails", paramLabel = "N", required = true, description = "How many killmails.")
    long killmails;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed, 0 to " + SyntheticIds.MAX_SEED + "; the same seed gives the same files, and each seed "
                    + "has killmail, character, corporation and alliance ids of its own (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--from", paramLabel = "DATE", defaultValue = "2025-01-01", description = "First day, UTC (default: ${DEFAULT-VALUE}).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE",
            description = "Last day, inclusive, today at the latest (default: as many days as 15,000 killmails a day"
                    + " need, up to today). No killmail is later than now.")
    LocalDate to;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "tar.bz2",
            description = "tar.bz2 (EVE Ref's own, default) or tar.gz (several times faster to write).")
    String format;

    @Option(names = "--threads", paramLabel = "N", description = "Days compressed in parallel (default: available processors).")
    Integer threads;

    GenerateCommand(CliContext context) {
        this(context, new SdeTablesCatalogSource());
    }

    GenerateCommand(CliContext context, StaticCatalogSource catalogSource) {
        this.context = context;
        this.catalogSource = catalogSource;
    }

    @Override
    public void run() {
        Instant now = context.clock().instant();
        SyntheticKillmails.Options options = new SyntheticKillmails.Options(killmails, seed, from,
                to != null ? to : SyntheticKillmails.Options.defaultTo(from, killmails, now),
                SyntheticKillmails.ArchiveFormat.of(format),
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), now);
        StaticCatalog catalog;
        try (Database db = context.openDatabase()) {
            StaticDataBootstrap.ensureLoaded(db);
            catalog = catalogSource.load(db);
        }
        SyntheticKillmails.Summary summary = new SyntheticKillmails(catalog).generate(options, out);
        context.out().println(summary.describe() + " -> " + out.toAbsolutePath());
    }
}
