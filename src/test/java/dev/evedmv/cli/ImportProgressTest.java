package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** {@code import}'s progress: plain lines naming each step when the error stream is no terminal, a bar of one width on a terminal. */
@ExtendWith(PostgresExtension.class)
class ImportProgressTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void withoutATerminalTheImportPrintsPlainLinesThatNameEachStep(TestDatabase db, @TempDir Path dir) {
        assertThat(DbCommandTest.run(db.env(), "generate", "--killmails", "300", "--seed", "5", "--from", "2025-03-01",
                "--to", "2025-03-03", "--format", "tar.gz", "--out", dir.toString()).exitCode()).isZero();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"import", dir.toString()}, db.env(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        String progress = err.toString(StandardCharsets.UTF_8);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("imported 300 new");
        assertThat(progress).as("no line redrawn in place in a file or log").doesNotContain("\r");
        assertThat(progress).contains("import: 3 files\n")
                .containsPattern("import: 0:00:\\d\\d 3/3 files, 300 killmails, [\\d,]+/s")
                .contains("indexing 2025-03…\n", "attaching 2025-03…\n")
                .containsPattern("attaching 2025-03 done in \\d+\\.\\d s");
        assertThat(progress.indexOf("indexing 2025-03…")).as("steps in the order taken")
                .isGreaterThan(progress.indexOf("writing the rollups of 2025-03…"))
                .isLessThan(progress.indexOf("attaching 2025-03…"));
    }

    @Test
    void theTerminalBarKeepsItsWidthAndPlaceWhateverItsText() {
        String early = ImportProgress.Bar.line(0.07, "0:00:01 1/14 files, 1,000 killmails, 900/s", 120);
        String late = ImportProgress.Bar.line(1.0,
                "0:03:02 14/14 files, 200,000 killmails, 1,204/s, writing the rollups of 2025-01 and more text than fits", 120);
        assertThat(early).hasSize(119).startsWith("import [==>").contains("]   7% 0:00:01 1/14 files");
        assertThat(late).hasSize(119).startsWith("import [" + "=".repeat(ImportProgress.BAR_CELLS) + "] 100% 0:03:02");
        assertThat(early.indexOf(']')).as("the bar does not shrink as the text grows").isEqualTo(late.indexOf(']'));
        assertThat(ImportProgress.Bar.line(0.5, "x", 0)).as("a terminal that tells no width").hasSize(ImportProgress.DEFAULT_WIDTH);
    }
}
