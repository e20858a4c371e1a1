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
 * the payload's items ({@code victimItems}) and the types' names and prices ({@code itemTypes}), neither written.
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
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Map<Integer, String> categoryNames,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) List<KillmailFit.RawItem> victimItems,
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Map<Integer, KillmailFit.TypeInfo> itemTypes) {

    /** Final blow first, then damage descending, then slot. */
    static final Comparator<Participant> BY_DAMAGE = Comparator.comparing((Participant p) -> !p.finalBlow())
            .thenComparing(Comparator.comparingInt(Participant::damage).reversed())
            .thenComparingInt(Participant::slot);

    /** This killmail as the query read it, with what is worked out from it: label names, attackers, fit. */
    KillmailDetail completed() {
        List<Participant> sorted = participants.stream().filter(p -> !p.victim()).sorted(BY_DAMAGE).toList();
        Participant victim = participants.stream().filter(Participant::victim).findFirst().orElse(null);
        KillmailFit.Fit items = KillmailFit.of(victim == null || victim.shipTypeId() == null ? 0 : victim.shipTypeId(),
                victimItems, itemTypes == null ? Map.of() : itemTypes);
        return new KillmailDetail(killmailId, killmailTime, solarSystemId, solarSystemName, regionId, regionName,
                security, securityBand, totalValue, npc, solo, awox, labels,
                KillmailLabels.readable(labels, categoryNames), attackerCount, participants, sorted,
                AttackerSummary.of(sorted), items.groups(), items.values(), categoryNames, victimItems, itemTypes);
    }

    public record Participant(int slot, boolean victim, Long characterId, String characterName, Long corporationId,
                              String corporationName, Long allianceId, String allianceName, Integer factionId,
                              Integer shipTypeId, String shipName, Integer weaponTypeId, String weaponName, int damage,
                              boolean finalBlow, Double securityStatus) {
    }
}
