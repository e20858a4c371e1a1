package dev.evedmv.killmail;

/** One entry of a killmail's attackers, NPCs included. */
public record Attacker(
        Long characterId,
        Long corporationId,
        Long allianceId,
        Integer factionId,
        Integer shipTypeId,
        Integer weaponTypeId,
        int damageDone,
        boolean finalBlow,
        double securityStatus) {
}
