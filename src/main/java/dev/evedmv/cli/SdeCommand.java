package dev.evedmv.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.evedmv.Json;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.Rederivation;
import dev.evedmv.sde.SdeLoadResult;
import dev.evedmv.sde.SdeLoader;
import dev.evedmv.sde.SdeReader;
import dev.evedmv.sde.SdeStatus;
import dev.evedmv.sde.SdeTable;
import dev.evedmv.sde.StaticDataBootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sde load PATH | sde status [--json]}. */
@Command(name = "sde", description = "Static data (EVE SDE).", mixinStandardHelpOptions = true,
        subcommands = {SdeCommand.Load.class, SdeCommand.Status.class})
final class SdeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Command(name = "load", description = "Load a CCP JSONL SDE (zip or folder), Fuzzwork CSV files "
            + "(plain or .bz2) or zKillboard's data files, in one transaction.")
    static final class Load implements Runnable {
        private final CliContext context;

        @Parameters(paramLabel = "PATH", description = "A folder, a zip or a single file.")
        Path path;

        Load(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ObjectMapper mapper = mapper();
            // the files are read while the database starts and migrates: each takes about a second
            CompletableFuture<SdeLoader.Prepared> reading = CompletableFuture.supplyAsync(
                    () -> SdeLoader.prepare(new SdeReader(mapper), path));
            try (Database db = context.openDatabase()) {
                SdeLoadResult result = new SdeLoader(db, mapper).load(await(reading));
                print(result);
                Optional<SdeLoadResult> filled = StaticDataBootstrap.ensureLoaded(db);
                filled.ifPresent(fill -> {
                    context.out().printf("%s: in neither this source nor the database: filled from the bundled subset%n",
                            String.join(", ", fill.tables().keySet().stream().map(SdeTable::key).toList()));
                    print(fill);
                });
                if (result.changedKillmailDerivation() || filled.filter(SdeLoadResult::changedKillmailDerivation).isPresent()) {
                    Rederivation.adviceAfterStaticData(db).ifPresent(context.out()::println);
                }
            }
        }

        private void print(SdeLoadResult result) {
            context.out().printf("loaded %s (%s, %s) in %d ms%s%n", result.source(),
                    SdeLoadResult.formatLabel(result.formats()), result.build(), result.durationMs(),
                    result.changedAnything() ? "" : ": no changes");
            result.tables().forEach((table, c) -> context.out().printf(
                    "  %-14s %,7d rows  inserted %,d  updated %,d  deleted %,d%s%n", table.key(), c.sourceRows(),
                    c.inserted(), c.updated(), c.deleted(),
                    c.duplicates() == 0 ? "" : "  (" + c.duplicates() + " repeated ids skipped)"));
        }
    }

    private static SdeLoader.Prepared await(CompletableFuture<SdeLoader.Prepared> reading) {
        try {
            return reading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Command(name = "status", description = "Rows per static data table and the latest loads.")
    static final class Status implements Runnable {
        private static final int LOADS_SHOWN = 5;
        private final CliContext context;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            ObjectMapper mapper = mapper();
            SdeStatus status;
            try (Database db = context.openDatabase()) {
                status = SdeStatus.read(db, mapper, LOADS_SHOWN);
            }
            if (json) {
                context.out().println(Json.pretty(status));
                return;
            }
            StringBuilder line = new StringBuilder("tables:");
            for (SdeTable table : SdeTable.values()) {
                line.append(String.format(" %s %,d", table.key(), status.tables().get(table.key())));
            }
            context.out().println(line);
            status.warnings().forEach(w -> context.out().println("warning: " + w));
            if (status.loads().isEmpty()) {
                context.out().println("no static data loaded yet: run 'sde load PATH'");
                return;
            }
            for (SdeStatus.Load load : status.loads()) {
                context.out().printf("load %d at %s: %s (%s, %s) in %d ms%n", load.loadId(), load.loadedAt(),
                        load.source(), load.format(), load.build(), load.durationMs());
                for (SdeTable table : SdeTable.values()) {
                    Integer rows = load.rowCounts().get(table.key());
                    if (rows != null) {
                        Map<String, Long> c = load.changes().getOrDefault(table.key(), Map.of());
                        context.out().printf("  %-14s %,7d rows  inserted %,d  updated %,d  deleted %,d%n", table.key(),
                                rows, c.getOrDefault("inserted", 0L), c.getOrDefault("updated", 0L),
                                c.getOrDefault("deleted", 0L));
                    }
                }
            }
        }
    }
}
