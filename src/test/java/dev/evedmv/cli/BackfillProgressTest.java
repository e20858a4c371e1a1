package dev.evedmv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.evedmv.backfill.EverefBackfill;

/** {@code backfill}'s progress: days, MB, killmails a second and the time left; plain lines off a terminal. */
class BackfillProgressTest {

    @Test
    void showsDaysMegabytesRateAndTimeLeft() {
        EverefBackfill.Snapshot s = new EverefBackfill.Snapshot(3, 10, 84_200_000, 42_000, Duration.ofSeconds(10));
        assertThat(BackfillProgress.text(s)).isEqualTo("3/10 days, 84.2 MB, 42,000 killmails, 4,200 killmails/s, ETA 0:00:23");
        assertThat(BackfillProgress.text(new EverefBackfill.Snapshot(0, 10, 0, 0, Duration.ofSeconds(1))))
                .as("no estimate before the first day").endsWith("ETA ?");
    }

    @Test
    void offATerminalPrintsPlainLinesAndWarnings() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (BackfillProgress p = new BackfillProgress(new PrintStream(err, true, StandardCharsets.UTF_8), false, "backfill")) {
            p.update(new EverefBackfill.Snapshot(0, 2, 0, 0, Duration.ofMillis(10)));
            p.update(new EverefBackfill.Snapshot(1, 2, 10, 0, Duration.ofMillis(20))); // within 5 s of the last line
            p.warn("everef 2026-10-01: HTTP 503 after 5 attempts; the next run retries it");
            p.update(new EverefBackfill.Snapshot(2, 2, 20, 5, Duration.ofMillis(30))); // the last day
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "backfill: 0/2 days, 0.0 MB, 0 killmails, 0 killmails/s, ETA ?",
                "backfill: everef 2026-10-01: HTTP 503 after 5 attempts; the next run retries it",
                "backfill: 2/2 days, 0.0 MB, 5 killmails, 167 killmails/s, ETA 0:00:00");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }
}
