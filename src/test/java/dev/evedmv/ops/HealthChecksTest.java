package dev.evedmv.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.cli.Main;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.SharedData;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class HealthChecksTest {

    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    private static int health(Map<String, String> env, ByteArrayOutputStream out) {
        return Main.execute(new String[] {"health", "--json"}, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), NOV_2026);
    }

    @Test
    void freshDatabaseIsAllOkAndADroppedMonthFails(TestDatabase db) {
        // a fresh database as a user gets it: migrated by 'db migrate' (which also lays the months ahead)
        assertThat(Main.execute(new String[] {"db", "migrate"}, db.env(), System.out, System.err, NOV_2026)).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = health(db.env(), out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"warn\"", "\"fail\"");
        assertThat(code).as(json).isZero();
        assertThat(json).contains("\"name\" : \"partitions\"", "\"name\" : \"wraparound\"", "\"name\" : \"pool\"");

        db.jdbi().useHandle(h -> h.execute("DROP TABLE participants_2026_12"));
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        assertThat(health(db.env(), after)).isEqualTo(2);
        assertThat(after.toString(StandardCharsets.UTF_8)).contains("missing: participants 2026-12");
    }

    @Test
    void realHistorySpreadOverTwentyYearsIsNoFailure(TestDatabase db) {
        Path corpus = SharedData.file("killmails/eve-kill-shrike/corpus");
        assertThat(Main.execute(new String[] {"import", "--no-progress", corpus.toString()}, db.env(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err, NOV_2026))
                .isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = health(db.env(), out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(json).isLessThan(2);
        assertThat(json).contains("\"name\" : \"partitions\"").doesNotContain("missing:");
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
