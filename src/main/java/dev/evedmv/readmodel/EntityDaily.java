package dev.evedmv.readmodel;

import dev.evedmv.db.Database;
import dev.evedmv.ingest.RollupVerifier;

/** {@code entity_daily}: every rollup of an entity and day, written by ingest in the killmails' transaction. */
final class EntityDaily implements DerivedTable {
    private final RollupWalk walk;

    EntityDaily(RollupWalk walk) {
        this.walk = walk;
    }

    @Override
    public String name() {
        return "entity_daily";
    }

    @Override
    public String builtFrom() {
        return "participants (with each killmail's flags and value on its rows): ingest adds each batch's increments "
                + "(RollupDeltas, in Java) in the batch's transaction, a backfill inserts a month's rows at once, and "
                + "db rederive rewrites them. Verify recomputes them with one SQL SELECT (ingest/rollup_daily_select.sql): "
                + "two implementations of docs/counting-rules.md checked against each other, days of archived months left out";
    }

    @Override
    public String freshness() {
        return "always current: written in the same transaction as the killmails it counts";
    }

    @Override
    public Verification verify(Database database, DayRange days, Progress progress) {
        RollupVerifier.Result r = walk.result(database, days, progress);
        return RollupWalk.of(r, name(), r.dailyRows());
    }
}
