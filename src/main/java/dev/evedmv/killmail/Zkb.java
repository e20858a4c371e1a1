package dev.evedmv.killmail;

import java.math.BigDecimal;
import java.util.List;

/** zKillboard's block: its values and flags as zKillboard computed them. Values may be null when absent. */
public record Zkb(
        Long locationId,
        String hash,
        BigDecimal fittedValue,
        BigDecimal droppedValue,
        BigDecimal destroyedValue,
        BigDecimal totalValue,
        Integer points,
        boolean npc,
        boolean solo,
        boolean awox,
        List<String> labels) {
}
