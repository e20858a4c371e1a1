package dev.evedmv.db;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.FastCheckService;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

import dev.evedmv.EveDmvException;

/**
 * The schema's Liquibase changelog ({@code dev/evedmv/db/changelog}, SQL changesets with
 * rollbacks): migrate, status, rollback by count or to zero.
 */
public final class Migrations {
    static final String CHANGELOG = "dev/evedmv/db/changelog/master.xml";

    /** Where the schema stands: changesets applied and pending, by id. */
    public record Status(List<String> applied, List<String> pending) {
        public boolean upToDate() {
            return pending.isEmpty();
        }

        public String summary() {
            return upToDate()
                    ? "schema up to date (" + applied.size() + " changesets applied)"
                    : "schema behind: " + pending.size() + " of " + (applied.size() + pending.size())
                      + " changesets pending (" + String.join(", ", pending) + "); run 'db migrate'";
        }
    }

    private final Database database;

    public Migrations(Database database) {
        this.database = database;
    }

    /** Applies every pending changeset; returns how many ran. */
    public int migrate() {
        return migrate(pending -> { });
    }

    /** As {@link #migrate()}; {@code beforeRunning} is told how many changesets will run, when any will. */
    public int migrate(java.util.function.IntConsumer beforeRunning) {
        return withLiquibase(lb -> {
            int pending = lb.listUnrunChangeSets(new Contexts(), new LabelExpression()).size();
            if (pending > 0) {
                beforeRunning.accept(pending);
            }
            lb.update(new Contexts(), new LabelExpression());
            return pending;
        });
    }

    public Status status() {
        return withLiquibase(lb -> {
            List<String> pending = new ArrayList<>();
            for (ChangeSet cs : lb.listUnrunChangeSets(new Contexts(), new LabelExpression())) {
                pending.add(cs.getId());
            }
            List<String> applied = new ArrayList<>();
            for (RanChangeSet ran : lb.getDatabase().getRanChangeSetList()) {
                applied.add(ran.getId());
            }
            return new Status(applied, pending);
        });
    }

    /** Rolls back the last {@code count} applied changesets (fewer if fewer are applied); returns how many. */
    public int rollback(int count) {
        if (count < 1) {
            throw new EveDmvException("rollback --count must be at least 1, got " + count);
        }
        return withLiquibase(lb -> {
            int applied = lb.getDatabase().getRanChangeSetList().size();
            int n = Math.min(count, applied);
            if (n > 0) {
                lb.rollback(n, (String) null);
            }
            return n;
        });
    }

    /** Rolls back every applied changeset: the schema returns to empty. */
    public int rollbackAll() {
        return withLiquibase(lb -> {
            int applied = lb.getDatabase().getRanChangeSetList().size();
            if (applied > 0) {
                lb.rollback(applied, (String) null);
            }
            return applied;
        });
    }

    /**
     * Releases the schema lock (Liquibase's changelog lock) that a migration killed mid-way leaves
     * held, which makes every later migration wait and fail; the holder it released ("host (address)
     * since time"), or empty when the lock was free.
     */
    public Optional<String> unlock() {
        return withLiquibase(lb -> {
            DatabaseChangeLogLock[] locks = lb.listLocks();
            if (locks.length == 0) {
                return Optional.empty();
            }
            lb.forceReleaseLocks();
            DatabaseChangeLogLock held = locks[0];
            return Optional.of(held.getLockedBy() + " since "
                    + (held.getLockGranted() == null ? "an unknown time" : held.getLockGranted().toInstant()));
        });
    }

    private interface LiquibaseWork<T> {
        T run(Liquibase liquibase) throws LiquibaseException;
    }

    private <T> T withLiquibase(LiquibaseWork<T> work) {
        Map<String, Object> scope = Map.of(
                AnalyticsArgs.ENABLED.getKey(), false,
                Scope.Attr.ui.name(), new LoggerUIService(),
                "liquibase.showBanner", false,
                "liquibase.command.showSummary", "OFF",
                "liquibase.command.showSummaryOutput", "LOG");
        // on a connection of its own, without the pool's statement_timeout (which is for answers): a
        // changeset may rebuild an index over every partition
        try (Connection connection = database.dedicatedConnection("migrations")) {
            return Scope.child(scope, () -> {
                // Liquibase remembers for the life of the JVM that a changelog was up to date on a database
                // and then skips update() there, even after a rollback: a no-op migrate, rollback --all and
                // migrate in one process applied nothing while reporting every changeset applied
                Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
                liquibase.database.Database lbDatabase = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                Liquibase lb = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), lbDatabase);
                return work.run(lb);
            });
        } catch (EveDmvException e) {
            throw e;
        } catch (Exception e) {
            String message = rootMessage(e);
            if (message.contains("Could not acquire change log lock")) {
                message += "; if no other eve-dmv process is migrating this database, a killed migration left the"
                        + " lock behind: 'eve-dmv db unlock' releases it";
            }
            throw new EveDmvException("migration failed: " + message, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
