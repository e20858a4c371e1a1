package dev.evedmv.readmodel;

import java.util.ArrayList;
import java.util.List;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * {@code db verify}: reads the tables of the schema from the catalog, classifies each with the
 * registry (an unknown one fails the run, named), runs the check of every derived table over the
 * days asked, and reports every table once. Base and bookkeeping tables are not checked: 0 rows,
 * 0 differences (killmails, whose derived column is checked, excepted).
 */
public final class ReadModelVerifier {
    private static final NamedSql SCHEMA_TABLES = NamedSql.load(ReadModelVerifier.class, "schema_tables");

    private final Database database;
    private final ReadModel model;

    public ReadModelVerifier(Database database, ReadModel model) {
        this.database = database;
        this.model = model;
    }

    /** The tables of the schema, a partitioned table once under its name (schema_tables.sql). */
    public List<String> schemaTables() {
        return database.jdbi().withHandle(h -> SCHEMA_TABLES.query(h).mapTo(String.class).list());
    }

    /** Checks every derived table over {@code days}, telling {@code progress} chunk by chunk. */
    public VerifyReport verify(DayRange days, DerivedTable.Progress progress) {
        List<ReadModel.Table> present = model.classify(schemaTables());
        List<VerifyReport.Line> lines = new ArrayList<>();
        for (ReadModel.Table t : present) {
            Verification v = t.check().map(c -> c.verify(database, days, progress)).orElse(Verification.NONE);
            lines.add(new VerifyReport.Line(t.name(), t.kind(), v));
        }
        return new VerifyReport(lines);
    }
}
