package dev.evedmv.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * Stores rejected input so that nothing received is ever dropped silently, and reads it back for
 * {@code rejects list}, {@code rejects show}, {@code stats} and {@code /ops}.
 */
public final class RejectedInputs {
    private static final Logger log = LoggerFactory.getLogger(RejectedInputs.class);
    private static final NamedSql INSERT = NamedSql.of("ingest.insert_rejected",
            "INSERT INTO rejected_input (source, reason, payload) VALUES (:source, :reason, :payload)");
    /** The most rejects one list returns. */
    public static final int MAX_LIMIT = 1000;
    /** How many a list returns unless told. */
    public static final int DEFAULT_LIMIT = 100;
    private static final NamedSql LIST = NamedSql.load(RejectedInputs.class, "rejects_list");
    private static final NamedSql COUNT = NamedSql.load(RejectedInputs.class, "rejects_count");
    private static final NamedSql GET = NamedSql.load(RejectedInputs.class, "rejects_get");

    /** Which rejects to list: received at or after {@code since} (null: any time), source starting with {@code source} (null: any). */
    public record Filter(Instant since, String source) {
        public static final Filter ALL = new Filter(null, null);

        /** From a UTC day (null: any) and a source prefix (null or empty: any). */
        public static Filter of(LocalDate sinceDay, String source) {
            return new Filter(sinceDay == null ? null : sinceDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    source == null || source.isEmpty() ? null : source);
        }
    }

    /** The newest {@code limit} rejects that match, and how many match in all. */
    public record Page(long total, List<RejectedInput> rejects) {
        /** The JSON of {@code rejects list --json}: {@code total} and {@code rejects}, newest first. */
        public Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total", total);
            out.put("rejects", rejects.stream().map(RejectedInput::toJson).toList());
            return out;
        }
    }

    /** One reject with its payload (null when none was kept). */
    public record WithPayload(RejectedInput reject, byte[] payload) {
    }

    private final Database database;

    public RejectedInputs(Database database) {
        this.database = database;
    }

    public void record(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        database.jdbi().useTransaction(h -> record(h, rejections));
    }

    /** Within the caller's transaction. */
    public void record(Handle handle, List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        PreparedBatch batch = INSERT.batch(handle);
        for (Rejection r : rejections) {
            log.debug("Rejected {}: {}", r.source(), r.reason());
            batch.bind("source", r.source()).bind("reason", r.reason()).bind("payload", r.payload()).add();
        }
        batch.execute();
    }

    public Page list(Filter filter, int limit) {
        OffsetDateTime since = filter.since() == null ? null : filter.since().atOffset(ZoneOffset.UTC);
        return database.jdbi().withHandle(h -> new Page(
                COUNT.query(h).bind("since", since).bind("source", filter.source()).mapTo(Long.class).one(),
                LIST.query(h).bind("since", since).bind("source", filter.source()).bind("limit", limit)
                        .map((rs, ctx) -> row(rs)).list()));
    }

    public Optional<WithPayload> get(long id) {
        return database.jdbi().withHandle(h -> GET.query(h).bind("id", id)
                .map((rs, ctx) -> new WithPayload(row(rs), rs.getBytes("payload"))).findOne());
    }

    private static RejectedInput row(ResultSet rs) throws SQLException {
        int bytes = rs.getInt("payload_bytes");
        Integer payloadBytes = rs.wasNull() ? null : bytes;
        return new RejectedInput(rs.getLong("rejected_id"), rs.getString("source"), rs.getString("reason"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(), payloadBytes);
    }
}
