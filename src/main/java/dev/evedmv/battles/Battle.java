package dev.evedmv.battles;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A battle as the API, {@code query battle --json} and the page read it (docs/battles.md). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Battle(long id, int solarSystemId, String systemName, Integer regionId, Instant start, Instant end,
                     int killmails, List<Long> killmailIds, BigDecimal iskDestroyed, int pilots, List<Side> sides) {

    /** A side: its lead group's name (or "unaligned"), members and figures. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Side(String name, List<Long> alliances, List<Long> corporations, List<Long> characters, int kills,
                       int losses, BigDecimal iskLost, List<Ship> ships) {
    }

    /** A ship type a side flew: its pilots, and how many of the side's losses were of it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Ship(int typeId, String name, int pilots, int lost) {
    }

    /** A page of the battle list: {@code next} is the cursor of the following page, null on the last. */
    public record Page(List<Battle> battles, String next) {
    }

    /**
     * The killmails of a battle for its page: {@code victim_side} and {@code final_blow_side} index
     * {@code sides}, null when on none (an NPC's final blow).
     */
    public record Killmails(List<Kill> killmails) {
    }

    /** One killmail of a battle's page. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Kill(long killmailId, Instant killmailTime, Integer victimSide, Integer finalBlowSide,
                       Integer shipTypeId, String shipName, BigDecimal totalValue) {
    }
}
