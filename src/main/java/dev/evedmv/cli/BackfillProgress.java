package dev.evedmv.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import dev.evedmv.backfill.EverefBackfill;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * How {@code backfill} shows its progress on the error stream: days, MB downloaded, killmails a
 * second and the time left; on a terminal one line redrawn in place, elsewhere a plain line every
 * few seconds. Warnings (a day that failed) are lines of their own either way.
 */
final class BackfillProgress implements EverefBackfill.Progress, AutoCloseable {
    private final PrintStream err;
    private final String task;
    private final ProgressBar bar;
    private long lastLine = Long.MIN_VALUE;

    BackfillProgress(PrintStream err, boolean terminal, String task) {
        this.err = err;
        this.task = task;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(1)
                .setRenderer((state, maxLength) -> ImportProgress.Bar.line(state.getNormalizedProgress(),
                        state.getExtraMessage(), maxLength).replaceFirst("^import", task))
                .setConsumer(new ConsoleProgressBarConsumer(err)).build() : null;
    }

    /** "3/14 days, 84.2 MB, 5,300 killmails/s, ETA 0:12:10". */
    static String text(EverefBackfill.Snapshot s) {
        Duration eta = s.eta();
        return String.format(Locale.ROOT, "%d/%d days, %.1f MB, %,d killmails, %,.0f killmails/s, ETA %s", s.daysDone(),
                s.daysTotal(), s.bytes() / 1e6, s.killmails(), s.killmailsPerSecond(),
                eta == null ? "?" : ImportProgress.elapsed(eta));
    }

    @Override
    public synchronized void update(EverefBackfill.Snapshot s) {
        if (bar != null) {
            bar.maxHint(Math.max(1, s.daysTotal()));
            bar.stepTo(s.daysDone());
            bar.setExtraMessage(text(s));
            return;
        }
        long now = System.nanoTime();
        if (s.daysDone() == s.daysTotal() || lastLine == Long.MIN_VALUE || now - lastLine >= ImportProgress.PLAIN_INTERVAL.toNanos()) {
            lastLine = now;
            err.println(task + ": " + text(s));
        }
    }

    @Override
    public synchronized void warn(String line) {
        err.println(task + ": " + line);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
