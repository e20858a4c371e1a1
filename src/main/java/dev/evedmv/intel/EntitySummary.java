package dev.evedmv.intel;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything DESIGN §5 says about one entity over a date range. {@code topSystems} is absent for
 * systems, {@code associates} present for characters only, {@code topMembers} for corporations
 * and alliances only.
 *
 * @param heatmap kills by UTC weekday (0 = Monday) and hour: {@code heatmap[d][h]}
 */
public record EntitySummary(
        long id,
        String name,
        long kills,
        long losses,
        BigDecimal iskDestroyed,
        BigDecimal iskLost,
        long soloKills,
        long soloLosses,
        long finalBlows,
        int dangerRatio,
        int gangRatio,
        BigDecimal avgGangSize,
        long[][] heatmap,
        Timezones timezones,
        List<Month> monthly,
        List<ShipKills> topShips,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<SystemKills> topSystems,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Associate> associates,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<MemberKills> topMembers) {

    /** This summary with {@code associates} as its associates. */
    public EntitySummary withAssociates(List<Associate> associates) {
        return new EntitySummary(id, name, kills, losses, iskDestroyed, iskLost, soloKills, soloLosses, finalBlows,
                dangerRatio, gangRatio, avgGangSize, heatmap, timezones, monthly, topShips, topSystems, associates,
                topMembers);
    }

    /** Kills by zKillboard's time-zone buckets of the UTC hour. */
    public record Timezones(long au, long eu, long ru, long use, long usw) {
    }

    /** @param month YYYY-MM */
    public record Month(String month, long kills, long losses, BigDecimal iskDestroyed, BigDecimal iskLost) {
    }

    public record ShipKills(int typeId, String name, long kills) {
    }

    public record SystemKills(int systemId, String name, long kills) {
    }

    public record Associate(long characterId, String name, long sharedKills) {
    }

    public record MemberKills(long characterId, String name, long kills) {
    }
}
