package dev.evedmv.intel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One page of an entity's kills or losses, newest first.
 *
 * @param next the cursor of the following page, or null when this is the last
 */
public record ActivityPage(List<Row> items, String next) {

    /** @param finalBlow the attacker who landed the final blow (the losses table names him) */
    public record Row(long killmailId, Instant killmailTime, int solarSystemId, String solarSystemName, Victim victim,
                      FinalBlow finalBlow, BigDecimal totalValue, int attackerCount) {
    }

    public record Victim(Long characterId, String characterName, Long corporationId, String corporationName,
                         Long allianceId, String allianceName, int shipTypeId, String shipName) {
    }

    /** Every field null when the killmail names no final blow (some NPC killmails). */
    public record FinalBlow(Long characterId, String characterName, Long corporationId, String corporationName,
                            Long allianceId, String allianceName, Integer shipTypeId, String shipName) {
    }
}
