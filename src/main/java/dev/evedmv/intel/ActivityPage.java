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

    public record Row(long killmailId, Instant killmailTime, int solarSystemId, String solarSystemName, Victim victim,
                      BigDecimal totalValue, int attackerCount) {
    }

    public record Victim(Long characterId, String characterName, Long corporationId, String corporationName,
                         Long allianceId, String allianceName, int shipTypeId, String shipName) {
    }
}
