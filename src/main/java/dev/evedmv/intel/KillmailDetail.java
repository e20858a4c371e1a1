package dev.evedmv.intel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One killmail's derived facts and every participant, victim (slot 0) first, then attackers in payload order. */
public record KillmailDetail(
        long killmailId,
        Instant killmailTime,
        int solarSystemId,
        String solarSystemName,
        Integer regionId,
        String regionName,
        Double security,
        String securityBand,
        BigDecimal totalValue,
        boolean npc,
        boolean solo,
        boolean awox,
        List<String> labels,
        int attackerCount,
        List<Participant> participants) {

    public record Participant(int slot, boolean victim, Long characterId, String characterName, Long corporationId,
                              String corporationName, Long allianceId, String allianceName, Integer factionId,
                              Integer shipTypeId, String shipName, Integer weaponTypeId, String weaponName, int damage,
                              boolean finalBlow, Double securityStatus) {
    }
}
