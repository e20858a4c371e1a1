package dev.evedmv.db;

import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every Jdbi statement as {@code evedmv.query} tagged with the query's name (the
 * {@link NamedSql} that issued it, or "unnamed") and outcome.
 */
final class QueryTimer implements SqlLogger {
    static final String NAME_ATTRIBUTE = "evedmv.query";

    private final MeterRegistry registry;

    QueryTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        record(context, "ok");
    }

    @Override
    public void logException(StatementContext context, SQLException ex) {
        record(context, "error");
    }

    private void record(StatementContext context, String outcome) {
        if (context.getExecutionMoment() == null || context.getCompletionMoment() == null) {
            return;
        }
        Object name = context.getAttribute(NAME_ATTRIBUTE);
        Duration elapsed = Duration.between(context.getExecutionMoment(), context.getCompletionMoment());
        Timer.builder("evedmv.query")
                .description("Time of the application's named SQL queries")
                .tag("query", name == null ? "unnamed" : name.toString())
                .tag("outcome", outcome)
                .register(registry)
                .record(elapsed.truncatedTo(ChronoUnit.MICROS));
    }
}
