package dev.evedmv.readmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.evedmv.db.Database;
import dev.evedmv.ingest.RollupVerifier;

/**
 * One walk of {@link RollupVerifier} over a range of days, shared by {@code entity_daily} and
 * {@code killmails.player_attacker_ids}: both are checked from the same staged participants, chunk
 * by chunk, so the walk runs once for both.
 */
final class RollupWalk {
    private final int chunkKillmails;
    private Database database;
    private DayRange days;
    private RollupVerifier.Result result;

    RollupWalk(int chunkKillmails) {
        this.chunkKillmails = chunkKillmails;
    }

    synchronized RollupVerifier.Result result(Database database, DayRange days, DerivedTable.Progress progress) {
        if (result == null || this.database != database || !days.equals(this.days)) {
            result = new RollupVerifier(database, chunkKillmails).verify(days.since(), days.until(),
                    (done, total, chunk, took) -> progress.line(String.format(Locale.ROOT,
                            "verify: %d/%d %s..%s, %,d killmails, %.1f s", done, total, chunk.from(),
                            chunk.until().minusDays(1), chunk.killmails(), took.toNanos() / 1e9)));
            if (!result.archivedMonths().isEmpty()) {
                progress.line("verify: archived months left out (their participants are in files): "
                        + String.join(", ", result.archivedMonths().stream().map(m -> m.toString().substring(0, 7)).toList()));
            }
            this.database = database;
            this.days = days;
        }
        return result;
    }

    /** The differences found in {@code table}, with a few of their rows as samples. */
    static Verification of(RollupVerifier.Result result, String table, long rowsChecked) {
        long differences = 0;
        List<String> samples = new ArrayList<>();
        for (RollupVerifier.Difference d : result.differences()) {
            if (!d.table().equals(table)) {
                continue;
            }
            differences += d.missingOrWrong() + d.unexpected();
            String month = d.month().toString().substring(0, 7);
            samples.add(String.format(Locale.ROOT, "%s: %d rows missing or wrong, %d unexpected", month,
                    d.missingOrWrong(), d.unexpected()));
            d.examples().forEach(e -> samples.add("  " + e));
        }
        return new Verification(rowsChecked, differences, samples);
    }
}
