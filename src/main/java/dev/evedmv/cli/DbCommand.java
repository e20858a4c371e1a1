package dev.evedmv.cli;

import java.util.List;

import dev.evedmv.db.Database;
import dev.evedmv.db.Migrations;
import dev.evedmv.EveDmvException;
import dev.evedmv.ingest.MonthBackfill;
import dev.evedmv.ingest.RollupVerifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code db migrate | status | rollback --count N | rollback --all | unlock | verify | explain [QUERY]}. */
@Command(name = "db", description = "Schema migrations.", mixinStandardHelpOptions = true,
        subcommands = {DbCommand.Migrate.class, DbCommand.Status.class, DbCommand.Rollback.class,
                DbCommand.Unlock.class, DbCommand.Verify.class, DbCommand.Explain.class})
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

    @Command(name = "verify", description = "Recompute the rollups and each killmail's player attackers from the "
            + "stored participants and report differences; drop load tables left by a killed import.")
    static final class Verify implements Runnable {
        private final CliContext context;

        Verify(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabase()) {
                List<String> orphans = MonthBackfill.dropOrphanedLoadTables(db);
                if (!orphans.isEmpty()) {
                    context.out().println("dropped " + orphans.size() + " load tables left by an import that did not finish: "
                            + String.join(", ", orphans));
                }
                var differences = new RollupVerifier(db).verify();
                for (RollupVerifier.Difference d : differences) {
                    context.out().printf("%s %s: %d rows missing or wrong, %d unexpected%n", d.table(),
                            d.month().toString().substring(0, 7), d.missingOrWrong(), d.unexpected());
                    d.examples().forEach(e -> context.out().println("  " + e));
                }
                if (!differences.isEmpty()) {
                    throw new EveDmvException("rollups differ from a recomputation in " + differences.size()
                            + " table-months (listed above)");
                }
                context.out().println("rollups and player attackers equal a recomputation from participants");
            }
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
                    context.out().println(dev.evedmv.api.Json.pretty(results.stream()
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
