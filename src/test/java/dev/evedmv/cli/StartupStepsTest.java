package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** A command that migrates the schema on opening says so on its error stream, and its output stays the answer. */
@ExtendWith(PostgresExtension.class)
class StartupStepsTest {
    @Test
    void aCommandThatMigratesSaysSoAndWhenTheDatabaseIsReady(TestDatabase db) {
        assertThat(DbCommandTest.run(db.env(), "db", "rollback", "--count", "2").exitCode()).isZero();

        DbCommandTest.Run stats = DbCommandTest.run(db.env(), "stats");
        assertThat(stats.exitCode()).isZero();
        assertThat(stats.err()).contains("migrating the schema (2 changesets)…").containsPattern("database ready \\(\\d+\\.\\d s\\)");
        assertThat(stats.out()).doesNotContain("migrating", "database ready");

        DbCommandTest.Run again = DbCommandTest.run(db.env(), "stats");
        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).as("nothing slow happened: nothing to say").doesNotContain("migrating", "database ready");
    }
}
