package dev.evedmv.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Changesets run on a dedicated connection without the pool's statement_timeout, which is meant for
 * answers, not for index rebuilds. Shown with statements that outlast the pool's timeout by far, so
 * that no figure depends on how busy the machine is.
 */
@ExtendWith(PostgresExtension.class)
class MigrationTimeoutTest {

    @Test
    void changesetsAreNotBoundByThePoolsStatementTimeout(TestDatabase db) throws SQLException {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("EVEDMV_STATEMENT_TIMEOUT", "1s");
        try (Database tight = Database.open("tight", new DatabaseUrls.JdbcTarget(db.server().jdbcUrl(db.name()),
                EmbeddedServer.SUPERUSER, ""), EveDmvConfig.from(env), new SimpleMeterRegistry())) {
            try (Connection c = tight.connection(); Statement st = c.createStatement()) {
                assertThat(setting(st)).as("pooled connections have the pool's timeout").isEqualTo("1s");
                assertThatThrownBy(() -> st.execute("SELECT pg_sleep(2)"))
                        .as("a long statement on a pooled connection").hasMessageContaining("statement timeout");
            }
            try (Connection c = tight.dedicatedConnection("migrations"); Statement st = c.createStatement()) {
                assertThat(setting(st)).as("the connection migrations run on").isEqualTo("0");
                st.execute("SELECT pg_sleep(2)");
            }
            Migrations migrations = new Migrations(tight);
            assertThat(migrations.rollback(1)).isEqualTo(1);
            assertThat(migrations.migrate()).isEqualTo(1);
        } finally {
            new Migrations(db.database()).migrate();
        }
        assertThat(new Migrations(db.database()).status().upToDate()).isTrue();
    }

    private static String setting(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
