package dev.evedmv.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.cli.Main;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class HealthChecksTest {

    private static int health(Map<String, String> env, ByteArrayOutputStream out) {
        return Main.execute(new String[] {"health", "--json"}, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void freshDatabaseIsAllOkAndADroppedMonthFails(TestDatabase db) {
        // a fresh database as a user gets it: migrated by 'db migrate' (which also lays the months ahead)
        assertThat(Main.execute(new String[] {"db", "migrate"}, db.env(), System.out, System.err)).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = health(db.env(), out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"warn\"", "\"fail\"");
        assertThat(code).as(json).isZero();
        assertThat(json).contains("\"name\" : \"partitions\"", "\"name\" : \"wraparound\"", "\"name\" : \"pool\"");

        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(1).toString().replace('-', '_');
        db.jdbi().useHandle(h -> h.execute("DROP TABLE participants_" + month));
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        assertThat(health(db.env(), after)).isEqualTo(2);
        assertThat(after.toString(StandardCharsets.UTF_8)).contains("missing: participants "
                + month.replace('_', '-'));
    }

    @Test
    void unreachableDatabaseIsAFailWithExitCodeTwo(TestDatabase db) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("EVEDMV_DB_URL", "jdbc:postgresql://127.0.0.1:1/x");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(health(env, out)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"status\" : \"fail\"", "connection refused");
    }
}
