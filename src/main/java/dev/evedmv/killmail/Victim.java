package dev.evedmv.killmail;

import java.util.List;

/** The victim of a killmail; ids are null when ESI omits them (NPC corporations have no alliance, structures no character). */
public record Victim(
        Long characterId,
        Long corporationId,
        Long allianceId,
        Integer factionId,
        int shipTypeId,
        int damageTaken,
        List<Item> items) {
}
