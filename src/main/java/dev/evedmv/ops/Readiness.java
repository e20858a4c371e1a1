package dev.evedmv.ops;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

    /** The outcome with a reason a human can act on. */
    public record Result(boolean ready, String database, String schema) {
    }

    private final Database database;
    private final Set<String> expectedChangesets;

    public Readiness(Database database, List<String> expectedChangesets) {
        this.database = database;
        this.expectedChangesets = Set.copyOf(expectedChangesets);
    }

    public Result check() {
        try (Handle h = database.jdbi().open()) {
            Set<String> applied = new TreeSet<>();
            try {
                applied.addAll(APPLIED.query(h).mapTo(String.class).list());
            } catch (RuntimeException e) {
                return new Result(false, "ok", "no schema: run 'db migrate'");
            }
            Set<String> missing = new TreeSet<>(expectedChangesets);
            missing.removeAll(applied);
            if (!missing.isEmpty()) {
                return new Result(false, "ok", missing.size() + " changesets pending: run 'db migrate'");
            }
            return new Result(true, "ok", "current (" + applied.size() + " changesets)");
        } catch (RuntimeException e) {
            return new Result(false, "unreachable: " + firstLine(e.getMessage()), "unknown");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
