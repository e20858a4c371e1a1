package dev.evedmv.intel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One killmail's derived facts and every participant, victim (slot 0) first, then attackers in payload order.
 * {@code labels} are zKillboard's tags, {@code labelNames} their readable forms in the same order
 * ({@link KillmailLabels}); {@code categoryNames}, the names of the {@code cat:N} labels' categories as
 * the query reads them, is not written.
 */
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
        List<String> labelNames,
        int attackerCount,
        List<Participant> participants,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Map<Integer, String> categoryNames) {

    /** This killmail with {@code labelNames} worked out from its labels. */
    KillmailDetail withLabelNames() {
        return new KillmailDetail(killmailId, killmailTime, solarSystemId, solarSystemName, regionId, regionName,
                security, securityBand, totalValue, npc, solo, awox, labels,
                KillmailLabels.readable(labels, categoryNames), attackerCount, participants, categoryNames);
    }

    public record Participant(int slot, boolean victim, Long characterId, String characterName, Long corporationId,
                              String corporationName, Long allianceId, String allianceName, Integer factionId,
                              Integer shipTypeId, String shipName, Integer weaponTypeId, String weaponName, int damage,
                              boolean finalBlow, Double securityStatus) {
    }
}
