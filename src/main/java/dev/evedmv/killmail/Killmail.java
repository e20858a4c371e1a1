package dev.evedmv.killmail;

import java.time.Instant;
import java.util.List;

/**
 * A killmail as ESI describes it, plus the zKillboard block when the source had one.
 *
 * @param rawEsi the ESI killmail JSON exactly as received (UTF-8), stored so it can be re-derived
 * @param zkb    null when the source carries no zkb block (EVE Ref archives, plain ESI)
 */
public record Killmail(
        long killmailId,
        String hash,
        Instant time,
        int solarSystemId,
        Long moonId,
        Integer warId,
        Victim victim,
        List<Attacker> attackers,
        Zkb zkb,
        byte[] rawEsi,
        byte[] rawZkb) {

    /** The final-blow attacker, or null when no attacker has final_blow set. */
    public Attacker finalBlow() {
        for (Attacker a : attackers) {
            if (a.finalBlow()) {
                return a;
            }
        }
        return null;
    }
}
