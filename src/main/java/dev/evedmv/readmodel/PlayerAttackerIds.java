package dev.evedmv.readmodel;

import dev.evedmv.db.Database;
import dev.evedmv.ingest.RollupVerifier;

/**
 * {@code killmails.player_attacker_ids}: the one derived column of a base table, the player
 * characters among a killmail's attackers, which a character's associates read instead of the
 * participants. Reported on the {@code killmails} line, with killmails that have participants and
 * no killmails row.
 */
final class PlayerAttackerIds implements DerivedTable {
    private final RollupWalk walk;

    PlayerAttackerIds(RollupWalk walk) {
        this.walk = walk;
    }

    @Override
    public String name() {
        return RollupVerifier.PLAYER_ATTACKERS_TABLE;
    }

    @Override
    public String builtFrom() {
        return "participants: written with the killmail row (EncodedKillmail); verify compares it with the attackers "
                + "staged for entity_daily's check (ingest/verify_player_attackers.sql). NULL, left by an archive of "
                + "before migration 015, is no difference";
    }

    @Override
    public String freshness() {
        return "always current: written with its killmail";
    }

    @Override
    public Verification verify(Database database, DayRange days, Progress progress) {
        RollupVerifier.Result r = walk.result(database, days, progress);
        return RollupWalk.of(r, name(), r.killmails());
    }
}
