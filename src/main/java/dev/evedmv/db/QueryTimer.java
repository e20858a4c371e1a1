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
    private final SlowQueryLog slowQueries;

    QueryTimer(MeterRegistry registry, SlowQueryLog slowQueries) {
        this.registry = registry;
        this.slowQueries = slowQueries;
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
        if (slowQueries != null && context.getParsedSql() != null) {
            slowQueries.observe(name == null ? "unnamed" : name.toString(), context.getParsedSql().getSql(),
                    context.getParsedSql().getParameters().getParameterCount(), elapsed);
        }
    }
}
