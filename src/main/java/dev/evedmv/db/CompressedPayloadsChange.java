package dev.evedmv.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import liquibase.change.custom.CustomTaskChange;
import liquibase.change.custom.CustomTaskRollback;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * Migration 030: {@code killmail_payloads} keeps each payload as zstd-compressed bytes
 * ({@link PayloadCodec}) in {@code bytea} columns that the server stores and never parses, instead
 * of jsonb. The server has no zstd, so the rows are rewritten here: the table and its monthly
 * partitions are renamed aside, created again with the new columns (same names, bounds and
 * indexes), filled partition by partition through {@link PayloadRewrite}, and the old ones
 * dropped, all in the changeset's transaction. The rollback does the same the other way.
 */
public final class CompressedPayloadsChange implements CustomTaskChange, CustomTaskRollback {
    private static final String ASIDE = "_before_030";

    /** The table after 030: compressed payloads, stored as they are (no second compression by TOAST). */
    private static final String CREATE_COMPRESSED = """
            CREATE TABLE killmail_payloads (
                killmail_id   bigint      NOT NULL,
                killmail_time timestamptz NOT NULL,
                esi           bytea       NOT NULL,
                zkb           bytea,
                PRIMARY KEY (killmail_id, killmail_time)
            ) PARTITION BY RANGE (killmail_time);
            ALTER TABLE killmail_payloads ALTER COLUMN esi SET STORAGE EXTERNAL, ALTER COLUMN zkb SET STORAGE EXTERNAL;
            COMMENT ON TABLE killmail_payloads IS 'raw ESI killmail and zkb block as received, each one zstd frame (with the dictionary its frame names) that the server stores and never parses, so every killmail can be re-derived';
            COMMENT ON INDEX killmail_payloads_pkey IS 'raw payload by killmail: re-derivation, db verify and killmail detail items'""";

    /** The table before 030 (migration 004). */
    private static final String CREATE_JSONB = """
            CREATE TABLE killmail_payloads (
                killmail_id   bigint      NOT NULL,
                killmail_time timestamptz NOT NULL,
                esi           jsonb       NOT NULL,
                zkb           jsonb,
                PRIMARY KEY (killmail_id, killmail_time)
            ) PARTITION BY RANGE (killmail_time);
            COMMENT ON TABLE killmail_payloads IS 'raw ESI killmail and zkb block as received (TOAST-compressed jsonb), so every killmail can be re-derived';
            COMMENT ON INDEX killmail_payloads_pkey IS 'raw payload by killmail: re-derivation, db verify and killmail detail items'""";

    private static final String PARTITIONS = """
            SELECT child.relname, pg_get_expr(child.relpartbound, child.oid)
            FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid
            WHERE i.inhparent = 'killmail_payloads'::regclass
            ORDER BY child.relname""";

    /** The indexes of one partition (a quoted name), by name. */
    private static final String INDEXES = """
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = '%s'::regclass ORDER BY c.relname""";

    private record Partition(String name, String bound) {
    }

    @Override
    public void execute(liquibase.database.Database database) throws CustomChangeException {
        rewrite(database, CREATE_COMPRESSED, true);
    }

    @Override
    public void rollback(liquibase.database.Database database) throws CustomChangeException {
        rewrite(database, CREATE_JSONB, false);
    }

    private static void rewrite(liquibase.database.Database database, String create, boolean compress)
            throws CustomChangeException {
        Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        try (Statement st = c.createStatement()) {
            List<Partition> partitions = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(PARTITIONS)) {
                while (rs.next()) {
                    partitions.add(new Partition(rs.getString(1), rs.getString(2)));
                }
            }
            st.execute("ALTER TABLE killmail_payloads RENAME TO killmail_payloads" + ASIDE);
            st.execute("ALTER INDEX killmail_payloads_pkey RENAME TO killmail_payloads" + ASIDE + "_pkey");
            for (Partition p : partitions) {
                // a backfilled month's index is named after its load table, a created one's after the partition
                List<String> indexes = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(INDEXES.formatted(PayloadRewrite.quote(p.name())))) {
                    while (rs.next()) {
                        indexes.add(rs.getString(1));
                    }
                }
                st.execute("ALTER TABLE " + PayloadRewrite.quote(p.name()) + " RENAME TO " + PayloadRewrite.quote(p.name() + ASIDE));
                for (int i = 0; i < indexes.size(); i++) {
                    st.execute("ALTER INDEX " + PayloadRewrite.quote(indexes.get(i)) + " RENAME TO "
                            + PayloadRewrite.quote(p.name() + ASIDE + "_" + (i + 1)));
                }
            }
            st.execute(create);
            for (Partition p : partitions) {
                st.execute("CREATE TABLE " + PayloadRewrite.quote(p.name()) + " PARTITION OF killmail_payloads " + p.bound());
                if (compress) {
                    PayloadRewrite.compress(c, p.name() + ASIDE, p.name());
                } else {
                    PayloadRewrite.decompress(c, p.name() + ASIDE, p.name());
                }
            }
            st.execute("DROP TABLE killmail_payloads" + ASIDE);
        } catch (SQLException | RuntimeException e) {
            throw new CustomChangeException("rewriting killmail_payloads " + (compress ? "compressed" : "as jsonb")
                    + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "killmail_payloads rewritten";
    }

    @Override
    public void setUp() {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(liquibase.database.Database database) {
        return new ValidationErrors();
    }
}
