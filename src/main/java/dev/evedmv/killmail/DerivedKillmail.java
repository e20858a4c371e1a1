package dev.evedmv.killmail;

import java.math.BigDecimal;
import java.util.List;

/**
 * A killmail with the facts of counting-rules.md §2; what the writer stores.
 *
 * @param finalBlow  the final-blow attacker, or null
 * @param valueSource "zkb" (zKillboard's total), "computed" (ship + items × price table) or "none" (no prices known)
 */
public record DerivedKillmail(
        Killmail killmail,
        int attackerCount,
        Attacker finalBlow,
        boolean npc,
        boolean solo,
        boolean awox,
        SecurityBand securityBand,
        Double security,
        Integer constellationId,
        Integer regionId,
        BigDecimal totalValue,
        String valueSource,
        List<String> labels) {
}
