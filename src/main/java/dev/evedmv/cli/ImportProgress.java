package dev.evedmv.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import dev.evedmv.ingest.Importer;
import dev.evedmv.ingest.WriteResult;
import dev.evedmv.readmodel.ReadModelBuilds;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * How {@code import} shows its progress on the error stream: on a terminal, one line redrawn in
 * place with a bar of fixed width; elsewhere (a file, a log, a pipe) plain lines, one every few
 * seconds and one at each step ("indexing 2026-11"), never a carriage return.
 */
abstract sealed class ImportProgress implements Importer.Progress, AutoCloseable {
    /** Cells of the terminal bar, whatever the text beside it. */
    static final int BAR_CELLS = 30;
    /** The terminal line's width when the terminal does not tell its own. */
    static final int DEFAULT_WIDTH = 100;
    /** Plain lines: at most one per this interval between steps. */
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private final long start = System.nanoTime();
    private int filesDone;
    private int filesTotal;
    private WriteResult soFar = WriteResult.NONE;
    private String step;

    /** A bar on a terminal, plain lines otherwise. */
    static ImportProgress on(PrintStream err, boolean terminal, int files) {
        return terminal ? new Bar(err, files) : new Lines(err, files, PLAIN_INTERVAL);
    }

    ImportProgress(int files) {
        this.filesTotal = files;
    }

    @Override
    public final synchronized void update(int filesDone, int filesTotal, WriteResult soFar) {
        this.filesDone = filesDone;
        this.filesTotal = filesTotal;
        this.soFar = soFar;
        updated(filesDone == filesTotal);
    }

    @Override
    public final synchronized void stepBegan(String step) {
        this.step = step;
        began(step);
    }

    @Override
    public final synchronized void stepEnded(String step, Duration took) {
        if (step.equals(this.step)) {
            this.step = null;
        }
        ended(step, took);
    }

    /** The builds that follow the import, shown as its steps. */
    final ReadModelBuilds.Steps asBuildSteps() {
        return new ReadModelBuilds.Steps() {
            @Override
            public void began(String step) {
                stepBegan(step);
            }

            @Override
            public void ended(String step, Duration took) {
                stepEnded(step, took);
            }
        };
    }

    /** Called, holding the lock, after every batch; {@code last} after the last file's. */
    abstract void updated(boolean last);

    abstract void began(String step);

    abstract void ended(String step, Duration took);

    /** Draws the last state and leaves the line (a terminal's bar stays on screen). */
    @Override
    public abstract void close();

    /** "3/14 files, 42,000 killmails, 5,300/s[, indexing 2026-11]". */
    final String counts() {
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-3);
        return String.format(Locale.ROOT, "%d/%d files, %,d killmails, %,.0f/s", filesDone, filesTotal,
                soFar.total(), soFar.total() / seconds) + (step == null ? "" : ", " + step);
    }

    final int filesDone() {
        return filesDone;
    }

    final int filesTotal() {
        return filesTotal;
    }

    static String elapsed(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    final Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Plain lines, for output that is not a terminal. */
    static final class Lines extends ImportProgress {
        private final PrintStream err;
        private final Duration interval;
        private long lastLine = Long.MIN_VALUE;

        Lines(PrintStream err, int files, Duration interval) {
            super(files);
            this.err = err;
            this.interval = interval;
            err.println("import: " + files + (files == 1 ? " file" : " files"));
        }

        @Override
        void updated(boolean last) {
            long now = System.nanoTime();
            if (last || lastLine == Long.MIN_VALUE || now - lastLine >= interval.toNanos()) {
                line(counts());
            }
        }

        @Override
        void began(String step) {
            line(step + "…");
        }

        @Override
        void ended(String step, Duration took) {
            line(String.format(Locale.ROOT, "%s done in %.1f s", step, took.toNanos() / 1e9));
        }

        private void line(String text) {
            lastLine = System.nanoTime();
            err.println("import: " + elapsed(sinceStart()) + " " + text);
        }

        @Override
        public void close() {
        }
    }

    /** A bar of fixed width redrawn in place, for a terminal. */
    static final class Bar extends ImportProgress {
        private final ProgressBar bar;

        Bar(PrintStream err, int files) {
            super(files);
            this.bar = new ProgressBarBuilder().setTaskName("import").setInitialMax(Math.max(files, 1))
                    .setRenderer((state, maxLength) -> line(state.getNormalizedProgress(),
                            elapsed(state.getTotalElapsed()) + " " + state.getExtraMessage(), maxLength))
                    .setConsumer(new ConsoleProgressBarConsumer(err)).build();
            bar.setExtraMessage(counts());
        }

        @Override
        void updated(boolean last) {
            bar.stepTo(filesDone());
            bar.setExtraMessage(counts());
        }

        @Override
        void began(String step) {
            bar.setExtraMessage(counts());
        }

        @Override
        void ended(String step, Duration took) {
            bar.setExtraMessage(counts());
        }

        @Override
        public void close() {
            bar.close();
        }

        /**
         * "import [=========>          ]  42% 0:00:16 3/14 files, …": the bar has {@link #BAR_CELLS}
         * cells and the line is padded or cut to one width, so nothing moves as the text changes.
         */
        static String line(double fraction, String text, int terminalWidth) {
            double f = Math.max(0, Math.min(1, fraction));
            int full = (int) Math.floor(f * BAR_CELLS);
            StringBuilder cells = new StringBuilder(BAR_CELLS);
            for (int i = 0; i < BAR_CELLS; i++) {
                cells.append(i < full ? '=' : i == full ? '>' : ' ');
            }
            String line = String.format(Locale.ROOT, "import [%s] %3d%% %s", cells, (int) Math.floor(f * 100), text);
            int width = terminalWidth > 0 ? Math.min(terminalWidth - 1, 160) : DEFAULT_WIDTH;
            return line.length() >= width ? line.substring(0, width) : line + " ".repeat(width - line.length());
        }
    }
}
