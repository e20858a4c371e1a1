package dev.evedmv.ingest;

import java.util.List;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/** Stores rejected input so that nothing received is ever dropped silently. */
public final class RejectedInputs {
    private static final Logger log = LoggerFactory.getLogger(RejectedInputs.class);
    private static final NamedSql INSERT = NamedSql.of("ingest.insert_rejected",
            "INSERT INTO rejected_input (source, reason, payload) VALUES (:source, :reason, :payload)");

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
}
