package dev.evedmv.intel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.evedmv.killmail.SecurityBand;

/**
 * Everything the counting rules say about one entity over a date range. {@code topSystems} is absent for
 * systems, {@code associates} present for characters only, {@code topMembers} for corporations
 * and alliances only; {@code topCharacters} and {@code topAlliances} for systems and regions, {@code topCorporations}
 * for alliances, systems and regions, {@code topEnemies} and {@code topKillers} for characters, corporations and
 * alliances (docs/counting-rules.md §3). {@code losses}, {@code iskLost}, {@code soloLosses}, {@code finalBlows} and
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
        @JsonInclude(JsonInclude.Include.NON_NULL) List<MemberKills> topMembers,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<MemberKills> topCharacters,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<CorporationKills> topCorporations,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<AllianceKills> topAlliances,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<GroupKills> topEnemies,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<GroupLosses> topKillers,
        @JsonInclude(JsonInclude.Include.NON_NULL) Affiliation affiliation,
        @JsonInclude(JsonInclude.Include.NON_NULL) Location location) {

    /** This summary with {@code associates} as its associates. */
    public EntitySummary withAssociates(List<Associate> associates) {
        return with(monthly, associates);
    }

    /** This summary with {@code monthly} and {@code associates} in place of its own. */
    private EntitySummary with(List<Month> monthly, List<Associate> associates) {
        return new EntitySummary(id, name, kills, losses, iskDestroyed, iskLost, soloKills, soloLosses, finalBlows,
                dangerRatio, gangRatio, avgGangSize, heatmap, timezones, monthly, topShips, topSystems, associates,
                topMembers, topCharacters, topCorporations, topAlliances, topEnemies, topKillers, affiliation, location);
    }

    /**
     * This summary with only the figures that apply to {@code kind} (see {@link EntityKind#takesSides()}), and a
     * system's security band (docs/counting-rules.md §2).
     */
    public EntitySummary forKind(EntityKind kind) {
        if (kind.takesSides()) {
            return this;
        }
        return new EntitySummary(id, name, kills, null, iskDestroyed, null, soloKills, null, null, null, gangRatio,
                avgGangSize, heatmap, timezones, monthly.stream().map(Month::killsOnly).toList(), topShips,
                topSystems, associates, topMembers, topCharacters, topCorporations, topAlliances, topEnemies, topKillers,
                affiliation, location == null ? null : location.banded(id));
    }

    /**
     * Who a pilot flies for (corporation and alliance) or a corporation's alliance, as of the newest killmail that
     * names it on either side; {@code corporationId} and its name are null for a corporation.
     *
     * @param asOf the time of that killmail
     */
    public record Affiliation(@JsonInclude(JsonInclude.Include.NON_NULL) Long corporationId,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String corporationName,
                              Long allianceId, String allianceName, java.time.Instant asOf) {
    }

    /**
     * Where a solar system is: its security status and band (highsec, lowsec, nullsec, wspace; {@link SecurityBand}),
     * its constellation and its region.
     */
    public record Location(double security, String securityBand, Integer constellationId, String constellationName,
                           Integer regionId, String regionName) {

        Location banded(long systemId) {
            return new Location(security, SecurityBand.of((int) systemId, security).label, constellationId,
                    constellationName, regionId, regionName);
        }
    }

    /**
     * This summary with each month's coverage by {@code range}: the days of the month inside it, and whether
     * that is only part of the month (the window starts or ends inside it), so that a chart does not show
     * a short month as a drop.
     */
    public EntitySummary withMonthCoverage(DateRange range) {
        return with(monthly.stream().map(m -> m.coveredBy(range)).toList(), associates);
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

    public record CorporationKills(long corporationId, String name, long kills) {
    }

    public record AllianceKills(long allianceId, String name, long kills) {
    }

    /** @param kind {@code alliance} or {@code corporation} */
    public record GroupKills(String kind, long id, String name, long kills) {
    }

    /** @param kind {@code alliance} or {@code corporation} */
    public record GroupLosses(String kind, long id, String name, long losses) {
    }
}
