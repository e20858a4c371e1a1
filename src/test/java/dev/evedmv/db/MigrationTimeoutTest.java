package dev.evedmv.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Changesets run without the pool's statement_timeout, which is meant for answers, not for index rebuilds. */
@ExtendWith(PostgresExtension.class)
class MigrationTimeoutTest {

    @Test
    void changesetsAreNotBoundByThePoolsStatementTimeout(TestDatabase db) throws java.sql.SQLException {
        // 200,000 participant rows, so that rebuilding 013's key takes far longer than the pool's 1 ms
        db.jdbi().useHandle(h -> {
            h.execute("SELECT evedmv_ensure_month_partition(DATE '2026-11-01')");
            h.execute("""
                    INSERT INTO participants (killmail_id, killmail_time, slot, is_victim, character_id, damage, final_blow,
                                              solar_system_id, is_npc, is_solo, total_value, attacker_count)
                    SELECT 900000000 + g, TIMESTAMPTZ '2026-11-15 12:00Z', 0, false, 95000000 + g, 1, false,
                           30000142, false, false, 0, 1
                    FROM generate_series(1, 200000) AS g""");
        });
        Map<String, String> env = new HashMap<>(db.env());
        env.put("EVEDMV_STATEMENT_TIMEOUT", "1ms");
        try (Database tight = Database.open("tight", new DatabaseUrls.JdbcTarget(db.server().jdbcUrl(db.name()),
                EmbeddedServer.SUPERUSER, ""), EveDmvConfig.from(env), new SimpleMeterRegistry())) {
            Migrations migrations = new Migrations(tight);
            assertThat(migrations.rollback(1)).isEqualTo(1);
            try (java.sql.Connection c = tight.connection(); java.sql.Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("CREATE UNIQUE INDEX participants_probe ON participants "
                        + "(killmail_id, killmail_time, slot) INCLUDE (character_id, is_victim)"))
                        .as("the same index build on a pooled connection").hasMessageContaining("statement timeout");
            }
            assertThat(migrations.migrate()).isEqualTo(1);
            // Any statement may outlast 1 ms on a loaded machine, so the pooled connection's timeout is shown
            // by a statement that always outlasts it, not by reading the setting back.
            try (java.sql.Connection c = tight.connection(); java.sql.Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("SELECT pg_sleep(0.2)"))
                        .as("pooled connections keep their timeout").hasMessageContaining("statement timeout");
            }
        } finally {
            new Migrations(db.database()).migrate();
            db.jdbi().useHandle(h -> {
                h.execute("DROP INDEX IF EXISTS participants_probe");
                h.execute("DELETE FROM participants WHERE killmail_id > 900000000");
            });
        }
        assertThat(new Migrations(db.database()).status().upToDate()).isTrue();
    }
}
