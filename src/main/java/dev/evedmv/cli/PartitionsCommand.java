package dev.evedmv.cli;

import java.time.Clock;
import java.util.List;

import dev.evedmv.db.Database;
import dev.evedmv.ops.PartitionManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code partitions list | ensure}. */
@Command(name = "partitions", description = "Monthly partitions of killmails, payloads and participants.",
        mixinStandardHelpOptions = true,
        subcommands = {PartitionsCommand.ListPartitions.class, PartitionsCommand.Ensure.class})
final class PartitionsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Show each partition with its bounds, estimated rows and size.")
    static final class ListPartitions implements Runnable {
        private final CliContext context;

        ListPartitions(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabase()) {
                List<PartitionManager.Partition> partitions = new PartitionManager(db, Clock.systemUTC()).list();
                context.out().printf("%-32s %-8s %14s %12s%n", "partition", "month", "rows (est.)", "size");
                for (PartitionManager.Partition p : partitions) {
                    context.out().printf("%-32s %-8s %,14d %12s%n", p.name(), p.month(), p.estimatedRows(),
                            humanBytes(p.totalBytes()));
                }
                context.out().println(partitions.size() + " partitions");
            }
        }
    }

    @Command(name = "ensure", description = "Create the partitions of this month and the months ahead.")
    static final class Ensure implements Runnable {
        private final CliContext context;

        @Option(names = "--months-ahead", defaultValue = "3", paramLabel = "N",
                description = "Months after the current one to create (default: ${DEFAULT-VALUE}).")
        int monthsAhead;

        Ensure(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            if (monthsAhead < 0 || monthsAhead > 120) {
                throw new dev.evedmv.EveDmvException("--months-ahead must be from 0 to 120, got " + monthsAhead);
            }
            try (Database db = context.openDatabase()) {
                var created = new PartitionManager(db, Clock.systemUTC()).ensureAhead(monthsAhead);
                context.out().println(created.isEmpty() ? "partitions already in place"
                        : "created partitions for " + created);
            }
        }
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
