package dev.evedmv.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.evedmv.Json;
import dev.evedmv.db.Database;
import dev.evedmv.db.Databases;
import dev.evedmv.db.DatabaseUnavailableException;
import dev.evedmv.db.Migrations;
import dev.evedmv.health.Health;
import dev.evedmv.ops.HealthChecks;
import dev.evedmv.health.Readiness;
import dev.evedmv.readmodel.ReadModelBuilds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code health [--json]}: exit code 0 ok, 1 warn, 2 fail. */
@Command(name = "health", description = "Check the database and the service; exit 0 ok, 1 warn, 2 fail.",
        mixinStandardHelpOptions = true)
final class HealthCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--json", description = "Print the same JSON as GET /health.")
    boolean json;

    HealthCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Health health;
        try (Database db = context.openDatabaseWithoutMigrating()) {
            Migrations.Status status = new Migrations(db).status();
            List<String> expected = new java.util.ArrayList<>(status.applied());
            expected.addAll(status.pending());
            ReadModelBuilds builds = new ReadModelBuilds(db, context.clock());
            HealthChecks checks = new HealthChecks(db, new Readiness(db, expected), context.clock(),
                    HealthChecks.Thresholds.DEFAULT);
            try (Databases routing = Databases.open(db, context.config(), context.registry(), context.clock())) {
                health = checks.withReplica(routing)
                        .with(() -> readModel(builds::status, "until serve or the next import builds them")).run();
            }
        } catch (DatabaseUnavailableException e) {
            health = Health.of(List.of(Health.Check.fail("connection", e.getMessage())));
        }
        if (json) {
            context.out().println(Json.pretty(health.toJson()));
        } else {
            for (Health.Check c : health.checks()) {
                context.out().printf("%-5s %-18s %s%n", c.status().label(), c.name(), c.detail());
            }
            context.out().println("overall: " + health.status().label());
        }
        return health.status().exitCode();
    }

    /**
     * The {@code read_model} check: warn while a ranking or monthly list is stale, since answers
     * then take the slow path; {@code pending} says what happens next.
     */
    static Health.Check readModel(Supplier<ReadModelBuilds.Status> status, String pending) {
        try {
            ReadModelBuilds.Status s = status.get();
            return s.current() ? Health.Check.ok("read_model", s.describe(pending))
                    : Health.Check.warn("read_model", s.describe(pending));
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            int nl = m.indexOf('\n');
            return Health.Check.fail("read_model", "check failed: " + (nl < 0 ? m : m.substring(0, nl)));
        }
    }
}
