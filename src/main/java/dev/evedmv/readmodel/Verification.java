package dev.evedmv.readmodel;

import java.util.ArrayList;
import java.util.List;

/**
 * What verifying one table found: the rows it compared, the differences, and a few of them as text
 * for the human output.
 */
public record Verification(long rowsChecked, long differences, List<String> samples) {
    /** Samples kept per table. */
    public static final int SAMPLES = 5;

    public static final Verification NONE = new Verification(0, 0, List.of());

    public Verification {
        samples = List.copyOf(samples);
    }

    /** Both added up, the first samples kept. */
    public Verification plus(Verification other) {
        List<String> kept = new ArrayList<>(samples);
        other.samples.stream().limit(Math.max(0, SAMPLES - kept.size())).forEach(kept::add);
        return new Verification(rowsChecked + other.rowsChecked, differences + other.differences, kept);
    }
}
