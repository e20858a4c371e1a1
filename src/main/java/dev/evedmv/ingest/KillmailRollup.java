package dev.evedmv.ingest;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.Derivation;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Killmail;
import dev.evedmv.killmail.Victim;

/**
 * One killmail's part in the rollups, by the rules of counting-rules.md §1: every entity it touches (the
 * victim's and attackers' characters, corporations, alliances and ship types, its solar system
 * and region) with whether it killed, lost or landed the final blow, and the ship types and
 * member characters, corporations, alliances and enemy or killer groups its top lists count. Computed in one
 * pass over the attackers, so that a fleet
 * fight of two thousand pilots costs thousands of steps, not millions; and computed where the
 * killmail is decoded, off the writer's thread. {@link RollupDeltas} adds these up.
 */
record KillmailRollup(long killmailId, int epochDay, int secondOfDay, boolean npc, boolean solo, BigDecimal value,
                      int attackerCount, long solarSystemId, List<KillmailRollup.Part> parts) {
    private static final long[] NONE = {};

    /** The UTC hour of the killmail, 0–23. */
    int hour() {
        return secondOfDay / 3600;
    }

    /**
     * One entity's part: {@code ships}, {@code members}, {@code corporations}, {@code alliances} and {@code enemies}
     * are counted once each on a kill, {@code killers} once each on a loss (group keys: {@link #groupKey}).
     */
    record Part(short kind, long id, boolean kill, boolean loss, boolean finalBlow, long[] ships, long[] members,
                long[] corporations, long[] alliances, long[] enemies, long[] killers) {
    }

    /**
     * The key of a group in the enemies and killers lists: its alliance, or its corporation when it has none, as
     * {@code id * 10 + kind code}, so that keys order as the ids do; null when there is neither. As the SQL
     * {@code evedmv_group_key} (docs/counting-rules.md §3).
     */
    static Long groupKey(Long allianceId, Long corporationId) {
        if (allianceId != null) {
            return allianceId * 10 + RollupDeltas.ALLIANCE;
        }
        return corporationId == null ? null : corporationId * 10 + RollupDeltas.CORPORATION;
    }

    /** An entity of one kind as the attackers show it. */
    private static final class Side {
        boolean loss;
        boolean kill;
        boolean finalBlow;
        Set<Long> ships;
        Set<Long> members;
        Set<Long> corporations;

        void flew(Integer shipTypeId) {
            if (shipTypeId != null) {
                (ships == null ? ships = new LinkedHashSet<>(4) : ships).add(shipTypeId.longValue());
            }
        }

        void member(Long characterId) {
            if (characterId != null) {
                (members == null ? members = new LinkedHashSet<>(4) : members).add(characterId);
            }
        }

        void corporation(Long corporationId) {
            if (corporationId != null) {
                (corporations == null ? corporations = new LinkedHashSet<>(4) : corporations).add(corporationId);
            }
        }
    }

    static KillmailRollup of(DerivedKillmail d) {
        Killmail km = d.killmail();
        Victim v = km.victim();
        @SuppressWarnings("unchecked")
        Map<Long, Side>[] sides = new Map[RollupDeltas.SHIP + 1];
        for (int k = RollupDeltas.CHARACTER; k <= RollupDeltas.SHIP; k++) {
            sides[k] = new LinkedHashMap<>();
        }
        lose(sides[RollupDeltas.CHARACTER], v.characterId());
        lose(sides[RollupDeltas.CORPORATION], v.corporationId());
        lose(sides[RollupDeltas.ALLIANCE], v.allianceId());
        lose(sides[RollupDeltas.SHIP], (long) v.shipTypeId());
        Set<Long> everyShip = new LinkedHashSet<>();
        Set<Long> everyCharacter = new LinkedHashSet<>();
        Set<Long> everyCorporation = new LinkedHashSet<>();
        Set<Long> everyAlliance = new LinkedHashSet<>();
        Set<Long> playerGroups = new LinkedHashSet<>();
        for (Attacker a : km.attackers()) {
            if (a.shipTypeId() != null) {
                everyShip.add(a.shipTypeId().longValue());
            }
            addIfPresent(everyCharacter, a.characterId());
            addIfPresent(everyCorporation, a.corporationId());
            addIfPresent(everyAlliance, a.allianceId());
            if (a.characterId() != null && Derivation.isPlayerCharacter(a.characterId())) {
                addIfPresent(playerGroups, groupKey(a.allianceId(), a.corporationId()));
            }
            Side character = kill(sides[RollupDeltas.CHARACTER], a.characterId(), a);
            if (character != null) {
                character.flew(a.shipTypeId());
            }
            joined(kill(sides[RollupDeltas.CORPORATION], a.corporationId(), a), a);
            Side alliance = kill(sides[RollupDeltas.ALLIANCE], a.allianceId(), a);
            joined(alliance, a);
            if (alliance != null) {
                alliance.corporation(a.corporationId());
            }
            kill(sides[RollupDeltas.SHIP], a.shipTypeId() == null ? null : a.shipTypeId().longValue(), a);
        }
        long[] allShips = toArray(everyShip);
        Long victimGroup = groupKey(v.allianceId(), v.corporationId());
        long[] enemies = victimGroup == null ? NONE : new long[] {victimGroup};
        long[] killers = toArray(playerGroups);
        List<Part> parts = new ArrayList<>();
        for (short kind = RollupDeltas.CHARACTER; kind <= RollupDeltas.SHIP; kind++) {
            boolean takesGroups = kind != RollupDeltas.SHIP;
            for (Map.Entry<Long, Side> e : sides[kind].entrySet()) {
                Side s = e.getValue();
                long[] ships = !s.kill ? NONE : kind == RollupDeltas.SHIP ? allShips : toArray(s.ships);
                long[] members = s.kill ? toArray(s.members) : NONE;
                long[] corporations = s.kill ? toArray(s.corporations) : NONE;
                parts.add(new Part(kind, e.getKey(), s.kill, s.loss, s.finalBlow, ships, members, corporations, NONE,
                        s.kill && takesGroups ? enemies : NONE, s.loss && takesGroups ? killers : NONE));
            }
        }
        long[] allCharacters = toArray(everyCharacter);
        long[] allCorporations = toArray(everyCorporation);
        long[] allAlliances = toArray(everyAlliance);
        parts.add(new Part(RollupDeltas.SYSTEM, km.solarSystemId(), true, false, false, allShips, allCharacters,
                allCorporations, allAlliances, NONE, NONE));
        if (d.regionId() != null) {
            parts.add(new Part(RollupDeltas.REGION, d.regionId(), true, false, false, allShips, allCharacters,
                    allCorporations, allAlliances, NONE, NONE));
        }
        ZonedDateTime t = km.time().atZone(ZoneOffset.UTC);
        return new KillmailRollup(km.killmailId(), (int) t.toLocalDate().toEpochDay(), t.toLocalTime().toSecondOfDay(),
                d.npc(), d.solo(), d.totalValue(), d.attackerCount(), km.solarSystemId(), List.copyOf(parts));
    }

    private static void lose(Map<Long, Side> sides, Long id) {
        if (id != null) {
            sides.computeIfAbsent(id, k -> new Side()).loss = true;
        }
    }

    private static Side kill(Map<Long, Side> sides, Long id, Attacker a) {
        if (id == null) {
            return null;
        }
        Side s = sides.computeIfAbsent(id, k -> new Side());
        s.kill = true;
        s.finalBlow |= a.finalBlow();
        return s;
    }

    /** A corporation's or alliance's kill: the attacker's ship and the attacker as a member. */
    private static void joined(Side group, Attacker a) {
        if (group != null) {
            group.flew(a.shipTypeId());
            group.member(a.characterId());
        }
    }

    private static void addIfPresent(Set<Long> ids, Long id) {
        if (id != null) {
            ids.add(id);
        }
    }

    private static long[] toArray(Set<Long> ids) {
        if (ids == null || ids.isEmpty()) {
            return NONE;
        }
        long[] out = new long[ids.size()];
        int i = 0;
        for (Long id : ids) {
            out[i++] = id;
        }
        return out;
    }
}
