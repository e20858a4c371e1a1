package dev.evedmv.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.List;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.db.Database;
import dev.evedmv.db.Migrations;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.ingest.MonthBackfill;
import dev.evedmv.ingest.Rederivation;
import dev.evedmv.ingest.RollupRebuild;
import dev.evedmv.readmodel.DayRange;
import dev.evedmv.readmodel.ReadModel;
import dev.evedmv.readmodel.ReadModelBuilds;
import dev.evedmv.readmodel.ReadModelVerifier;
import dev.evedmv.readmodel.TableKind;
import dev.evedmv.readmodel.VerifyReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code db migrate | status | rollback --count N | rollback --all | unlock | verify | rederive [--since D --until D]
 * | explain [QUERY]}.
 */
@Command(name = "db", description = "Schema migrations.", mixinStandardHelpOptions = true,
        subcommands = {DbCommand.Migrate.class, DbCommand.Status.class, DbCommand.Rollback.class,
                DbCommand.Unlock.class, DbCommand.Verify.class, DbCommand.Rederive.class, DbCommand.Explain.class})
final class DbCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "migrate", description = "Apply every pending changeset.")
    static final class Migrate implements Runnable {
        private final CliContext context;

        Migrate(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabaseWithoutMigrating()) {
                int ran = new Migrations(db).migrate();
                CliContext.ensurePartitionsAhead(db, context.clock());
                context.out().println(ran == 0 ? "schema already up to date" : "applied " + ran + " changesets");
            }
        }
    }

    @Command(name = "status", description = "Show applied and pending changesets.")
    static final class Status implements Runnable {
        private final CliContext context;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabaseWithoutMigrating()) {
                context.out().println(new Migrations(db).status().summary());
            }
        }
    }

    @Command(name = "rollback", description = "Undo applied changesets, newest first.")
    static final class Rollback implements Runnable {
        private final CliContext context;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--count", paramLabel = "N", description = "Undo the last N changesets.")
            Integer count;

            @Option(names = "--all", description = "Undo every changeset: the schema returns to empty.")
            boolean all;
        }

        Rollback(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabaseWithoutMigrating()) {
                Migrations migrations = new Migrations(db);
                int undone = target.all ? migrations.rollbackAll() : migrations.rollback(target.count);
                context.out().println("rolled back " + undone + " changesets; " + migrations.status().summary());
            }
        }
    }

    @Command(name = "unlock", description = "Release the schema lock a killed migration left behind "
            + "(only when no eve-dmv process is migrating).")
    static final class Unlock implements Runnable {
        private final CliContext context;

        Unlock(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabaseWithoutMigrating()) {
                context.out().println(new Migrations(db).unlock()
                        .map(holder -> "released the schema lock held by " + holder)
                        .orElse("the schema lock was not held"));
            }
        }
    }

    @Command(name = "verify", description = "Recompute every derived table (rollups, day leaders, rankings, monthly "
            + "lists and heads, each killmail's player attackers) from what it is built from and report differences; "
            + "fail on a table of the schema the read-model registry does not know; drop load tables left by a killed "
            + "import; a line per chunk on the error stream.")
    static final class Verify implements Runnable {
        /** Sample lines printed per table that differs. */
        private static final int SAMPLE_LINES = 20;

        private final CliContext context;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "First UTC day (default: the first).")
        LocalDate since;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "First UTC day not verified (default: none).")
        LocalDate until;

        @Option(names = "--json", description = "Print {\"ok\", \"tables\": [{table, kind, rows_checked, differences}]}.")
        boolean json;

        Verify(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            LocalDate from = since == null ? DayRange.ALL.since() : since;
            LocalDate to = until == null ? DayRange.ALL.until() : until;
            if (!to.isAfter(from)) {
                throw new EveDmvException("--until (" + to + ") must be after --since (" + from + ")");
            }
            DayRange days = new DayRange(from, to);
            try (Database db = context.openDatabase()) {
                List<String> orphans = MonthBackfill.dropOrphanedLoadTables(db);
                if (!orphans.isEmpty()) {
                    (json ? context.err() : context.out()).println("dropped " + orphans.size()
                            + " load tables left by an import that did not finish: " + String.join(", ", orphans));
                }
                // a line per chunk on the error stream: the output stays the verdict
                VerifyReport report = new ReadModelVerifier(db, ReadModel.standard()).verify(days, context.err()::println);
                List<String> differing = report.tables().stream().filter(l -> l.verification().differences() > 0)
                        .map(VerifyReport.Line::table).toList();
                if (json) {
                    context.out().println(Json.pretty(report.toJson()));
                } else {
                    for (VerifyReport.Line l : report.tables()) {
                        if (l.kind() == TableKind.DERIVED || l.verification().rowsChecked() > 0) {
                            context.out().printf(Locale.ROOT, "%s: %,d rows checked, %,d differences%n", l.table(),
                                    l.verification().rowsChecked(), l.verification().differences());
                            l.verification().samples().stream().limit(SAMPLE_LINES)
                                    .forEach(e -> context.out().println("  " + e));
                        }
                    }
                }
                if (!differing.isEmpty()) {
                    throw new EveDmvException("derived data differs from a recomputation in " + String.join(", ", differing)
                            + (json ? "" : " (listed above)"));
                }
                if (!json) {
                    context.out().println("every derived table equals a recomputation");
                }
            }
        }
    }

    @Command(name = "rederive", description = "Derive the stored killmails again from their raw payloads with the "
            + "static data and prices stored now, and rewrite those that change (rows, participants, rollups), "
            + "a batch per transaction; run again after an interruption.")
    static final class Rederive implements Runnable {
        private final CliContext context;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "First UTC day (default: the first killmail).")
        LocalDate since;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "First UTC day not rederived (default: none).")
        LocalDate until;

        @Option(names = "--rollups", description = "Recompute entity_daily from the stored participants instead, and "
                + "replace every row that differs: after an upgrade that adds a rollup column, or to repair what "
                + "db verify found.")
        boolean rollups;

        Rederive(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            Instant from = since == null ? KillmailWriter.EARLIEST : since.atStartOfDay(ZoneOffset.UTC).toInstant();
            // no killmail is stored more than a day ahead of its ingest
            Instant to = until == null ? context.clock().instant().plus(Duration.ofDays(2))
                    : until.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!to.isAfter(from)) {
                throw new EveDmvException("--until (" + until + ") must be after --since (" + since + ")");
            }
            try (Database db = context.openDatabase()) {
                if (rollups) {
                    rebuildRollups(db);
                    buildReadModel(db);
                    return;
                }
                Rederivation.Result r = new Rederivation(db, context.clock()).run(from, to, p -> context.out().printf(
                        Locale.ROOT, "rederived through %s: %,d of %,d killmails, %,d rewritten%n",
                        p.reached().truncatedTo(ChronoUnit.SECONDS), p.sofar().examined() + p.sofar().unreadable(),
                        p.total(), p.sofar().rewritten()));
                context.out().printf(Locale.ROOT, "rederived %,d killmails: %,d rewritten, %,d unchanged%s%n",
                        r.examined(), r.rewritten(), r.examined() - r.rewritten(),
                        r.unreadable() == 0 ? "" : String.format(Locale.ROOT,
                                ", %,d left as they were (their payload no longer parses, see the log)", r.unreadable()));
                buildReadModel(db);
            }
        }

        private void rebuildRollups(Database db) {
            RollupRebuild.Result r = new RollupRebuild(db, context.clock()).run(
                    since == null ? LocalDate.MIN : since, until == null ? LocalDate.MAX : until,
                    (done, total, chunk, written, took) -> context.err().printf(Locale.ROOT,
                            "rederive: rollups %d/%d %s..%s, %,d killmails, %,d rows written, %.1f s%n", done, total,
                            chunk.from(), chunk.until().minusDays(1), chunk.killmails(), written, took.toNanos() / 1e9));
            context.out().printf(Locale.ROOT, "rebuilt the rollups of %,d killmails: %,d rows replaced, %,d written%n",
                    r.killmails(), r.rowsDeleted(), r.rowsWritten());
        }

        /** The rankings and monthly lists over the days it rewrote, built before it exits. */
        private void buildReadModel(Database db) {
            ReadModelBuilds.Built built = new ReadModelBuilds(db, context.clock()).buildAll(new ReadModelBuilds.Steps() {
                @Override
                public void began(String step) {
                    context.err().println("rederive: " + step + "…");
                }

                @Override
                public void ended(String step, Duration took) {
                    context.err().printf(Locale.ROOT, "rederive: %s done in %.1f s%n", step, took.toNanos() / 1e9);
                }
            });
            context.out().println(built.line());
        }
    }

    @Command(name = "explain", description = "Run the application's named queries under EXPLAIN ANALYZE and flag "
            + "large sequential scans, unpruned partitions and sorts that spill to disk.")
    static final class Explain implements Runnable {
        private final CliContext context;

        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "QUERY", description = "Only this query (by name).")
        String query;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Option(names = "--large-table-rows", defaultValue = "10000", paramLabel = "N",
                description = "Flag sequential scans estimated above N rows (default: ${DEFAULT-VALUE}).")
        long largeTableRows;

        Explain(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabase()) {
                var explainer = new dev.evedmv.ops.QueryExplainer(db, largeTableRows).withApplicationQueries();
                dev.evedmv.intel.IntelQueries.explainable(context.clock()).forEach(explainer::register);
                var results = explainer.explain(java.util.Optional.ofNullable(query));
                if (json) {
                    context.out().println(dev.evedmv.Json.pretty(results.stream()
                            .map(dev.evedmv.ops.QueryExplainer.Result::toJson).toList()));
                    return;
                }
                for (var r : results) {
                    context.out().printf(java.util.Locale.ROOT, "%-40s %9.2f ms  %s%n", r.query(), r.executionMs(),
                            r.flags().isEmpty() ? "ok" : String.join("; ", r.flags()));
                }
            }
        }
    }
}
