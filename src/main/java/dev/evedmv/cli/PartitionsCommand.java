package dev.evedmv.cli;

import java.time.Clock;
import java.util.List;

import dev.evedmv.db.Database;
import dev.evedmv.ops.PartitionManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code partitions list | ensure | archive | restore}. */
@Command(name = "partitions", description = "Monthly partitions of killmails, payloads and participants.",
        mixinStandardHelpOptions = true,
        subcommands = {PartitionsCommand.ListPartitions.class, PartitionsCommand.Ensure.class,
                PartitionsCommand.Archive.class, PartitionsCommand.Restore.class})
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
                List<PartitionManager.Partition> partitions = new PartitionManager(db, context.clock()).list();
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
                var created = new PartitionManager(db, context.clock()).ensureAhead(monthsAhead);
                context.out().println(created.isEmpty() ? "partitions already in place"
                        : "created partitions for " + created);
            }
        }
    }

    @Command(name = "archive", description = "Detach, export (zstd binary COPY + manifest), verify and drop every "
            + "month before the given one. Safe to run again after an interruption.")
    static final class Archive implements Runnable {
        private final CliContext context;

        @Option(names = "--before", required = true, paramLabel = "YYYY-MM", description = "First month to keep.")
        String before;

        @Option(names = "--to", required = true, paramLabel = "DIR", description = "Folder for the files and manifests.")
        java.nio.file.Path dir;

        Archive(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            java.time.YearMonth month;
            try {
                month = java.time.YearMonth.parse(before);
            } catch (java.time.format.DateTimeParseException e) {
                throw new dev.evedmv.EveDmvException("--before must be YYYY-MM, got '" + before + "'");
            }
            try (Database db = context.openDatabase()) {
                List<dev.evedmv.ops.ArchiveManifest> done = new dev.evedmv.ops.PartitionArchiver(db, context.clock(),
                        StepPause.fromSystemProperties(context.out())).archive(month, dir);
                for (dev.evedmv.ops.ArchiveManifest m : done) {
                    context.out().printf("archived %-32s %,12d rows  %s%n", m.partition(), m.rows(),
                            dir.resolve(m.file()));
                }
                context.out().println(done.isEmpty() ? "nothing to archive before " + month
                        : "archived " + done.size() + " tables before " + month + " to " + dir);
            }
        }
    }

    @Command(name = "restore", description = "Verify an archive and attach its month again. Safe to run again.")
    static final class Restore implements Runnable {
        private final CliContext context;

        @picocli.CommandLine.Parameters(paramLabel = "MANIFEST", description = "A *.manifest.json written by archive.")
        java.nio.file.Path manifest;

        Restore(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            dev.evedmv.ops.PartitionArchiver.checkIsManifest(manifest); // before the database starts
            try (Database db = context.openDatabase()) {
                var restored = new dev.evedmv.ops.PartitionArchiver(db, context.clock(),
                        StepPause.fromSystemProperties(context.out())).restore(manifest);
                context.out().printf("%s %s (%,d rows)%n", restored.alreadyRestored() ? "already restored" : "restored",
                        restored.manifest().partition(), restored.manifest().rows());
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
