package dev.evedmv.cli;

import java.io.PrintStream;

import dev.evedmv.ops.PartitionArchiver;

/**
 * For crash tests only: with the system property {@code evedmv.test.pause-at=STEP}, a command
 * announces "paused at STEP PARTITION" and waits there forever, so a test can kill it at a
 * known point. Without the property (always in production) every step passes straight on.
 */
final class StepPause implements PartitionArchiver.Steps {
    static final String PROPERTY = "evedmv.test.pause-at";

    private final String step;
    private final PrintStream out;

    private StepPause(String step, PrintStream out) {
        this.step = step;
        this.out = out;
    }

    static PartitionArchiver.Steps fromSystemProperties(PrintStream out) {
        String step = System.getProperty(PROPERTY);
        return step == null || step.isBlank() ? PartitionArchiver.Steps.NONE : new StepPause(step.trim(), out);
    }

    @Override
    public void done(String reached, String partition) {
        if (!reached.equals(step)) {
            return;
        }
        out.println("paused at " + reached + " " + partition);
        out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
