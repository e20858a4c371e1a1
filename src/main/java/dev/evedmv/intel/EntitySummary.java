package dev.evedmv.intel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything the counting rules say about one entity over a date range. {@code topSystems} is absent for
 * systems, {@code associates} present for characters only, {@code topMembers} for corporations
 * and alliances only. {@code losses}, {@code iskLost}, {@code soloLosses}, {@code finalBlows} and
 * {@code dangerRatio} (and each month's losses and ISK lost) are null, so absent from the JSON, for
 * the kinds that do not {@linkplain EntityKind#takesSides() take sides} on killmails (systems, regions).
 *
 * @param heatmap kills by UTC weekday (0 = Monday) and hour: {@code heatmap[d][h]}
 */
public record EntitySummary(
        long id,
        String name,
        long kills,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long losses,
        BigDecimal iskDestroyed,
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal iskLost,
        long soloKills,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long soloLosses,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long finalBlows,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer dangerRatio,
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

    /** This summary with only the figures that apply to {@code kind} (see {@link EntityKind#takesSides()}). */
    public EntitySummary forKind(EntityKind kind) {
        if (kind.takesSides()) {
            return this;
        }
        return new EntitySummary(id, name, kills, null, iskDestroyed, null, soloKills, null, null, null, gangRatio,
                avgGangSize, heatmap, timezones, monthly.stream().map(Month::killsOnly).toList(), topShips,
                topSystems, associates, topMembers);
    }

    /**
     * This summary with each month's coverage by {@code range}: the days of the month inside it, and whether
     * that is only part of the month (the window starts or ends inside it), so that a chart does not show
     * a short month as a drop.
     */
    public EntitySummary withMonthCoverage(DateRange range) {
        List<Month> months = monthly.stream().map(m -> m.coveredBy(range)).toList();
        return new EntitySummary(id, name, kills, losses, iskDestroyed, iskLost, soloKills, soloLosses, finalBlows,
                dangerRatio, gangRatio, avgGangSize, heatmap, timezones, months, topShips, topSystems, associates,
                topMembers);
    }

    /** Kills by zKillboard's time-zone buckets of the UTC hour. */
    public record Timezones(long au, long eu, long ru, long use, long usw) {
    }

    /**
     * @param month   YYYY-MM
     * @param days    the days of the month inside the summary's range
     * @param partial the range covers only {@code days} of the month's days
     */
    public record Month(String month, long kills, @JsonInclude(JsonInclude.Include.NON_NULL) Long losses,
                        BigDecimal iskDestroyed, @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal iskLost,
                        int days, boolean partial) {

        Month killsOnly() {
            return new Month(month, kills, null, iskDestroyed, null, days, partial);
        }

        Month coveredBy(DateRange range) {
            YearMonth ym = YearMonth.parse(month);
            LocalDate first = ym.atDay(1);
            LocalDate end = ym.plusMonths(1).atDay(1);
            LocalDate from = range.since().isAfter(first) ? range.since() : first;
            LocalDate to = range.until().isBefore(end) ? range.until() : end;
            int covered = to.isAfter(from) ? (int) (to.toEpochDay() - from.toEpochDay()) : 0;
            return new Month(month, kills, losses, iskDestroyed, iskLost, covered, covered < ym.lengthOfMonth());
        }
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
