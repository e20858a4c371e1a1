package dev.evedmv.intel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A large killmail's attackers at a glance: how many came from each group (the attacker's alliance, else its
 * corporation, else its faction; an attacker with none of them is in no group) and how many flew each ship type.
 * Every attacker of the killmail counts once, NPCs included: it describes this killmail, not an entity's figures.
 * Ordered by attackers descending, then id ascending (kind names break a tie of ids).
 */
public record AttackerSummary(List<GroupCount> groups, List<ShipCount> ships) {
    /** Killmails with more attackers than this get a summary. */
    public static final int MIN_ATTACKERS = 50;

    public record GroupCount(String kind, long id, String name, int attackers, long damage) {
    }

    public record ShipCount(int shipTypeId, String name, int attackers) {
    }

    /** The summary of {@code attackers}, or null when there are {@link #MIN_ATTACKERS} of them or fewer. */
    static AttackerSummary of(List<KillmailDetail.Participant> attackers) {
        if (attackers.size() <= MIN_ATTACKERS) {
            return null;
        }
        Map<String, GroupCount> groups = new LinkedHashMap<>();
        Map<Integer, ShipCount> ships = new LinkedHashMap<>();
        for (KillmailDetail.Participant a : attackers) {
            GroupCount group = a.allianceId() != null ? new GroupCount("alliance", a.allianceId(), a.allianceName(), 1, a.damage())
                    : a.corporationId() != null ? new GroupCount("corporation", a.corporationId(), a.corporationName(), 1, a.damage())
                    : a.factionId() != null ? new GroupCount("faction", a.factionId(), null, 1, a.damage())
                    : null;
            if (group != null) {
                groups.merge(group.kind() + ":" + group.id(), group, (x, y) -> new GroupCount(x.kind(), x.id(), x.name(),
                        x.attackers() + 1, x.damage() + y.damage()));
            }
            if (a.shipTypeId() != null) {
                ships.merge(a.shipTypeId(), new ShipCount(a.shipTypeId(), a.shipName(), 1),
                        (x, y) -> new ShipCount(x.shipTypeId(), x.name(), x.attackers() + 1));
            }
        }
        List<GroupCount> groupList = new ArrayList<>(groups.values());
        groupList.sort(Comparator.comparingInt(GroupCount::attackers).reversed()
                .thenComparingLong(GroupCount::id).thenComparing(GroupCount::kind));
        List<ShipCount> shipList = new ArrayList<>(ships.values());
        shipList.sort(Comparator.comparingInt(ShipCount::attackers).reversed().thenComparingInt(ShipCount::shipTypeId));
        return new AttackerSummary(List.copyOf(groupList), List.copyOf(shipList));
    }
}
