package dev.evedmv.health;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * Is this process ready to answer: the database answers and its schema has every changeset this
 * build expects. Cheap enough for a load balancer to call every second.
 */
public final class Readiness {
    private static final NamedSql APPLIED = NamedSql.of("ops.applied_changesets",
            "SELECT id FROM databasechangelog");
    private static final String UNDEFINED_TABLE = "42P01";

    /** The outcome with a reason a human can act on. */
    public record Result(boolean ready, String database, String schema) {
    }

    private final Database database;
    private final Set<String> expectedChangesets;
    private final Supplier<Optional<String>> outage;

    public Readiness(Database database, List<String> expectedChangesets) {
        this(database, Set.copyOf(expectedChangesets), Optional::empty);
    }

    private Readiness(Database database, Set<String> expectedChangesets, Supplier<Optional<String>> outage) {
        this.database = database;
        this.expectedChangesets = Set.copyOf(expectedChangesets);
        this.outage = outage;
    }

    /**
     * The same check, answered at once with {@code outage}'s detail while it has one (the embedded
     * server restarting), instead of waiting for a connection that cannot come.
     */
    public Readiness withOutage(Supplier<Optional<String>> knownOutage) {
        return new Readiness(database, expectedChangesets, knownOutage);
    }

    public Result check() {
        Optional<String> down = outage.get();
        if (down.isPresent()) {
            return new Result(false, down.get(), "unknown");
        }
        try (Handle h = database.jdbi().open()) {
            Set<String> applied = new TreeSet<>();
            try {
                applied.addAll(APPLIED.query(h).mapTo(String.class).list());
            } catch (RuntimeException e) {
                if (!UNDEFINED_TABLE.equals(sqlState(e))) {
                    throw e; // the connection broke: unreachable, not a missing schema
                }
                return new Result(false, "ok", "no schema: run 'db migrate'");
            }
            Set<String> missing = new TreeSet<>(expectedChangesets);
            missing.removeAll(applied);
            if (!missing.isEmpty()) {
                return new Result(false, "ok", missing.size() + " changesets pending: run 'db migrate'");
            }
            return new Result(true, "ok", "current (" + applied.size() + " changesets)");
        } catch (RuntimeException e) {
            // the connection may have broken because the server just went: say so if it is being restarted
            Optional<String> downNow = outage.get();
            if (downNow.isPresent()) {
                return new Result(false, downNow.get(), "unknown");
            }
            return new Result(false, "unreachable: " + firstLine(rootMessage(e)), "unknown");
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof java.sql.SQLException se && se.getSQLState() != null) {
                return se.getSQLState();
            }
        }
        return null;
    }

    /** The innermost message (the driver's "Connection to … refused"), not a wrapper's class name. */
    private static String rootMessage(Throwable e) {
        String message = null;
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        return message;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
