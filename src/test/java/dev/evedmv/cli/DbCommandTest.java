package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class DbCommandTest {

    /** One command's exit code and output. */
    record Run(int exitCode, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void migrateRollbackAndStatusRoundTrip(TestDatabase db) {
        assertThat(run(db.env(), "db", "status").out()).contains("schema up to date (36 changesets applied)");
        Run all = run(db.env(), "db", "rollback", "--all");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).startsWith("rolled back 36 changesets");
        assertThat(run(db.env(), "db", "migrate").out()).contains("applied 36 changesets");
        assertThat(run(db.env(), "db", "rollback", "--count", "5").out()).startsWith("rolled back 5 changesets");
        Run status = run(db.env(), "db", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("5 of 36 changesets pending");
        assertThat(run(db.env(), "db", "migrate").exitCode()).isZero();
        assertThat(run(db.env(), "db", "status").out()).contains("schema up to date");
    }

    @Test
    void unlockReleasesTheSchemaLockAKilledMigrationLeftAndMigrateSaysSo(TestDatabase db) {
        String lock = "UPDATE databasechangeloglock SET locked = %s, lockgranted = %s, lockedby = %s WHERE id = 1";
        assertThat(run(db.env(), "db", "rollback", "--count", "1").exitCode()).isZero(); // an up-to-date schema takes no lock
        db.jdbi().useHandle(h -> h.execute(lock.formatted("true", "'2026-11-27 10:00:00'", "'killed-host (10.1.2.3)'")));
        String waitKey = "liquibase.changeLogLockWaitTimeInMinutes";
        String pollKey = "liquibase.changeLogLockPollRate";
        System.setProperty(waitKey, "0"); // one attempt instead of Liquibase's five minutes of waiting
        System.setProperty(pollKey, "1");
        try {
            Run blocked = run(db.env(), "db", "migrate");
            assertThat(blocked.exitCode()).isEqualTo(1);
            assertThat(blocked.err()).contains("killed-host (10.1.2.3)", "'eve-dmv db unlock' releases it");

            Run unlock = run(db.env(), "db", "unlock");
            assertThat(unlock.exitCode()).isZero();
            assertThat(unlock.out().strip()).startsWith("released the schema lock held by killed-host (10.1.2.3) since 2026-11-27T");
            assertThat(run(db.env(), "db", "unlock").out().strip()).isEqualTo("the schema lock was not held");
            assertThat(run(db.env(), "db", "migrate").out()).contains("applied 1 changesets");
        } finally {
            System.clearProperty(waitKey);
            System.clearProperty(pollKey);
            db.jdbi().useHandle(h -> h.execute(lock.formatted("false", "NULL", "NULL")));
        }
    }

    @Test
    void rollbackNeedsCountOrAll(TestDatabase db) {
        Run r = run(db.env(), "db", "rollback");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--count", "--all");
    }

    @Test
    void unreachableServerFailsFastWithOneLine(TestDatabase db) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("EVEDMV_DB_URL", "jdbc:postgresql://127.0.0.1:1/x");
        long start = System.nanoTime();
        Run r = run(env, "db", "status");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(millis).isLessThan(10_000);
        assertThat(r.err().strip()).isEqualTo("eve-dmv: cannot connect to PostgreSQL at 127.0.0.1:1/x: "
                + "connection refused or timed out; is the server running and EVEDMV_DB_URL right?");
    }

    @Test
    void wrongDatabaseAndBadConfigAreOneLine(TestDatabase db) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("EVEDMV_DB_URL", "postgres://postgres@127.0.0.1:" + db.server().port() + "/no_such_db");
        Run r = run(env, "db", "status");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).endsWith("the database does not exist; create it or fix the name in EVEDMV_DB_URL");
        assertThat(r.err().lines().count()).isEqualTo(1);

        env.put("EVEDMV_POOL_SIZE", "lots");
        Run bad = run(env, "db", "status");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err().strip()).isEqualTo("eve-dmv: EVEDMV_POOL_SIZE must be a whole number from 1 to 200, got 'lots'");
    }

    @Test
    void verboseAddsTheStackTrace(TestDatabase db) {
        Map<String, String> env = new HashMap<>(db.env());
        env.put("EVEDMV_DB_URL", "jdbc:postgresql://127.0.0.1:1/x");
        Run r = run(env, "db", "status", "--verbose");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().count()).isGreaterThan(3);
        assertThat(r.err()).contains("at org.postgresql");
    }
}
