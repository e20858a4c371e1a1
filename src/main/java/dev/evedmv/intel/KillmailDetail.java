package dev.evedmv.intel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One killmail's derived facts and every participant, victim (slot 0) first, then attackers in payload order.
 * {@code labels} are zKillboard's tags, {@code labelNames} their readable forms in the same order
 * ({@link KillmailLabels}); {@code categoryNames}, the names of the {@code cat:N} labels' categories as
 * the query reads them, is not written.
 * <p>
 * {@code attackers} are the attackers again, final blow first, then by damage descending (slot breaks ties);
 * {@code attackerSummary} groups them when there are more than {@link AttackerSummary#MIN_ATTACKERS} (else null);
 * {@code fit} is the victim's items by slot and {@code fitValues} their ISK ({@link KillmailFit}), worked out from
 * the stored payload's items and the types' names and prices ({@link KillmailItems}).
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
        List<Participant> attackers,
        AttackerSummary attackerSummary,
        List<KillmailFit.Group> fit,
        KillmailFit.Values fitValues,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Map<Integer, String> categoryNames) {

    /** Final blow first, then damage descending, then slot. */
    static final Comparator<Participant> BY_DAMAGE = Comparator.comparing((Participant p) -> !p.finalBlow())
            .thenComparing(Comparator.comparingInt(Participant::damage).reversed())
            .thenComparingInt(Participant::slot);

    /** The victim's ship type, null when the killmail has no victim row or its ship is unknown. */
    Integer victimShipTypeId() {
        return participants.stream().filter(Participant::victim).findFirst().map(Participant::shipTypeId).orElse(null);
    }

    /**
     * This killmail as the query read it, with what is worked out from it: label names, attackers, and the fit of
     * the victim's items ({@code victimItems}, as the payload lists them) valued with {@code itemTypes}.
     */
    KillmailDetail completed(List<KillmailFit.RawItem> victimItems, Map<Integer, KillmailFit.TypeInfo> itemTypes) {
        List<Participant> sorted = participants.stream().filter(p -> !p.victim()).sorted(BY_DAMAGE).toList();
        Integer ship = victimShipTypeId();
        KillmailFit.Fit items = KillmailFit.of(ship == null ? 0 : ship, victimItems, itemTypes);
        return new KillmailDetail(killmailId, killmailTime, solarSystemId, solarSystemName, regionId, regionName,
                security, securityBand, totalValue, npc, solo, awox, labels,
                KillmailLabels.readable(labels, categoryNames), attackerCount, participants, sorted,
                AttackerSummary.of(sorted), items.groups(), items.values(), categoryNames);
    }

    public record Participant(int slot, boolean victim, Long characterId, String characterName, Long corporationId,
                              String corporationName, Long allianceId, String allianceName, Integer factionId,
                              Integer shipTypeId, String shipName, Integer weaponTypeId, String weaponName, int damage,
                              boolean finalBlow, Double securityStatus) {
    }
}
