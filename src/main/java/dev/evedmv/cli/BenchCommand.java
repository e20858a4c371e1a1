package dev.evedmv.cli;

import dev.evedmv.api.Json;
import dev.evedmv.bench.IngestBenchmark;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench ingest}: measured figures, never part of the test run. */
@Command(name = "bench", description = "Benchmarks on generated data.", mixinStandardHelpOptions = true,
        subcommands = BenchCommand.Ingest.class)
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "ingest", description = "Import N generated killmails into a fresh database and, in the same run, "
            + "COPY the same rows raw into the same indexed tables of another; report both rates and their ratio.")
    static final class Ingest implements Runnable {
        private final CliContext context;

        @Option(names = "--killmails", required = true, paramLabel = "N")
        long killmails;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(names = "--format", defaultValue = "tar.bz2", description = "Archive format of the generated data: tar.bz2 (default) or tar.gz.")
        String format;

        @Option(names = "--json", description = "Print every figure as JSON.")
        boolean json;

        Ingest(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database admin = context.openDatabase()) {
                IngestBenchmark.Result r = new IngestBenchmark(admin, context.config(), context.registry()).run(
                        killmails, seed, SyntheticKillmails.ArchiveFormat.of(format),
                        Runtime.getRuntime().availableProcessors());
                if (json) {
                    context.out().println(Json.pretty(r.toJson()));
                    return;
                }
                context.out().printf("killmails          %,d (%,d participant rows, %s archives)%n", r.killmails(),
                        r.participants(), r.format());
                context.out().printf("import end to end  %8.1f s  %,10.0f killmails/s%n", r.importSeconds(), r.importRate());
                context.out().printf("raw COPY floor     %8.1f s  %,10.0f killmails/s%n", r.copySeconds(), r.copyRate());
                context.out().printf("ratio              %8.2f%n", r.importRate() / r.copyRate());
                context.out().println("machine            " + r.toJson().get("machine"));
            }
        }
    }
}
