package dev.evedmv.battles;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.evedmv.killmail.Derivation;

/**
 * docs/battles.md, sides: the groups of a battle (alliance, else player corporation, else player
 * character) split by a weighted max-cut, where the weight of two groups is the number of the
 * battle's killmails on which one's pilot killed the other's. Two sides by default; a third (then a
 * fourth) when splitting one more time raises the weight between sides by at least a tenth of all
 * of it and every side then fought at least two others. Groups with no hostile link to another
 * group are "unaligned". Deterministic: every order and tie is by group id.
 */
public final class Sides {
    /** The most sides a battle is split into, "unaligned" aside. */
    public static final int MAX_SIDES = 4;
    /** The share of all hostile weight a further side must add to the weight between sides. */
    static final double FURTHER_SIDE_GAIN = 0.10;
    private static final int MAX_PASSES = 100;

    private Sides() {
    }

    /** A participant of a killmail: the victim or an attacker. */
    public record Participant(boolean victim, Long characterId, Long corporationId, Long allianceId,
                              Integer shipTypeId) {
    }

    /** One killmail of a battle with its participants. */
    public record KillmailParts(long killmailId, BigDecimal totalValue, List<Participant> participants) {
    }

    /** A group: kind {@code alliance}, {@code corporation} or {@code character}, and its id. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Group(String kind, long id) {
        static final Comparator<Group> ORDER = Comparator.comparingLong(Group::id).thenComparing(Group::kind);
    }

    /** A ship type a side flew: pilots who flew it (attackers or victims), and how many of the side's losses it was. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Ship(int typeId, int pilots, int lost) {
    }

    /**
     * One side as stored: its lead group (the one with the most pilots, then the lowest id; none
     * for "unaligned"), members and figures.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Side(Group lead, boolean unaligned, List<Long> alliances, List<Long> corporations,
                       List<Long> characters, int kills, int losses, BigDecimal iskLost, List<Ship> ships) {
    }

    /** The group {@code p} belongs to, or null when it is no player's (an NPC). */
    public static Group groupOf(Participant p) {
        boolean character = Derivation.isPlayerCharacter(p.characterId());
        boolean corporation = Derivation.isPlayerCorporation(p.corporationId());
        if (!character && !(p.characterId() == null && corporation)) {
            return null;
        }
        if (p.allianceId() != null) {
            return new Group("alliance", p.allianceId());
        }
        if (corporation) {
            return new Group("corporation", p.corporationId());
        }
        return new Group("character", p.characterId());
    }

    /** The sides of a battle of {@code killmails}: the fighting sides, most kills first, then "unaligned" if any. */
    public static List<Side> of(List<KillmailParts> killmails) {
        TreeSet<Group> groups = new TreeSet<>(Group.ORDER);
        Map<Group, Map<Group, Integer>> weights = new HashMap<>();
        for (KillmailParts k : killmails) {
            Group victim = null;
            Set<Group> attackers = new HashSet<>();
            for (Participant p : k.participants()) {
                Group g = groupOf(p);
                if (g == null) {
                    continue;
                }
                groups.add(g);
                if (p.victim()) {
                    victim = g;
                } else {
                    attackers.add(g);
                }
            }
            if (victim == null) {
                continue;
            }
            for (Group a : attackers) {
                if (!a.equals(victim)) {
                    add(weights, a, victim);
                    add(weights, victim, a);
                }
            }
        }
        List<Group> linked = groups.stream().filter(weights::containsKey).toList();
        List<Group> unaligned = groups.stream().filter(g -> !weights.containsKey(g)).toList();
        List<List<Group>> split = split(linked, weights);
        List<Side> sides = new ArrayList<>();
        for (List<Group> members : split) {
            sides.add(side(members, false, killmails));
        }
        sides.sort(Comparator.comparingInt(Side::kills).reversed()
                .thenComparing(Comparator.comparingInt((Side s) -> s.characters().size()).reversed())
                .thenComparing(s -> s.lead(), Group.ORDER));
        if (!unaligned.isEmpty()) {
            sides.add(side(unaligned, true, killmails));
        }
        return sides;
    }

    private static void add(Map<Group, Map<Group, Integer>> weights, Group a, Group b) {
        weights.computeIfAbsent(a, x -> new HashMap<>()).merge(b, 1, Integer::sum);
    }

    /** The groups split into 2 to {@link #MAX_SIDES} sides as the class comment says; none when none is linked. */
    static List<List<Group>> split(List<Group> linked, Map<Group, Map<Group, Integer>> weights) {
        if (linked.isEmpty()) {
            return List.of();
        }
        long total = 0;
        for (Map<Group, Integer> w : weights.values()) {
            for (int v : w.values()) {
                total += v;
            }
        }
        total /= 2;
        int[] best = cut(linked, weights, 2);
        long bestWeight = cutWeight(linked, weights, best);
        for (int k = 3; k <= MAX_SIDES && k <= linked.size(); k++) {
            int[] more = cut(linked, weights, k);
            long moreWeight = cutWeight(linked, weights, more);
            if (moreWeight - bestWeight < Math.max(1, Math.ceil(FURTHER_SIDE_GAIN * total))
                    || !everySideFoughtTwo(linked, weights, more, k)) {
                break;
            }
            best = more;
            bestWeight = moreWeight;
        }
        Map<Integer, List<Group>> bySide = new TreeMap<>();
        for (int i = 0; i < linked.size(); i++) {
            bySide.computeIfAbsent(best[i], x -> new ArrayList<>()).add(linked.get(i));
        }
        return List.copyOf(bySide.values());
    }

    /** Greedy placement (heaviest group first, ties by id) into the side it has least weight with, then single moves while one raises the cut. */
    private static int[] cut(List<Group> groups, Map<Group, Map<Group, Integer>> weights, int k) {
        Map<Group, Integer> index = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            index.put(groups.get(i), i);
        }
        int[] side = new int[groups.size()];
        java.util.Arrays.fill(side, -1);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> -sum(weights.get(groups.get(i)))).thenComparing(i -> i));
        for (int i : order) {
            long[] with = weightToSides(groups.get(i), weights, index, side, k);
            side[i] = lightest(with, -1);
        }
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean moved = false;
            for (int i : order) {
                long[] with = weightToSides(groups.get(i), weights, index, side, k);
                int to = lightest(with, side[i]);
                if (with[to] < with[side[i]]) {
                    side[i] = to;
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        return side;
    }

    private static long sum(Map<Group, Integer> w) {
        long s = 0;
        for (int v : w.values()) {
            s += v;
        }
        return s;
    }

    /** The weight group {@code g} has with each side's groups (itself left out). */
    private static long[] weightToSides(Group g, Map<Group, Map<Group, Integer>> weights, Map<Group, Integer> index,
                                        int[] side, int k) {
        long[] with = new long[k];
        for (Map.Entry<Group, Integer> e : weights.get(g).entrySet()) {
            int s = side[index.get(e.getKey())];
            if (s >= 0) {
                with[s] += e.getValue();
            }
        }
        return with;
    }

    /** The side with the least weight, the lowest index among equals; {@code current} wins a tie. */
    private static int lightest(long[] with, int current) {
        int best = current >= 0 ? current : 0;
        for (int s = 0; s < with.length; s++) {
            if (with[s] < with[best]) {
                best = s;
            }
        }
        return best;
    }

    private static long cutWeight(List<Group> groups, Map<Group, Map<Group, Integer>> weights, int[] side) {
        Map<Group, Integer> index = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            index.put(groups.get(i), i);
        }
        long cut = 0;
        for (int i = 0; i < groups.size(); i++) {
            for (Map.Entry<Group, Integer> e : weights.get(groups.get(i)).entrySet()) {
                if (side[index.get(e.getKey())] != side[i]) {
                    cut += e.getValue();
                }
            }
        }
        return cut / 2;
    }

    /** True when every non-empty side has weight with at least two other sides. */
    private static boolean everySideFoughtTwo(List<Group> groups, Map<Group, Map<Group, Integer>> weights, int[] side,
                                              int k) {
        Map<Group, Integer> index = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            index.put(groups.get(i), i);
        }
        List<Set<Integer>> foes = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            foes.add(new HashSet<>());
        }
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            used.add(side[i]);
            for (Group other : weights.get(groups.get(i)).keySet()) {
                int o = side[index.get(other)];
                if (o != side[i]) {
                    foes.get(side[i]).add(o);
                }
            }
        }
        for (int s : used) {
            if (foes.get(s).size() < 2) {
                return false;
            }
        }
        return used.size() == k;
    }

    private static Side side(List<Group> members, boolean unaligned, List<KillmailParts> killmails) {
        Set<Group> in = new HashSet<>(members);
        TreeSet<Long> alliances = new TreeSet<>();
        TreeSet<Long> corporations = new TreeSet<>();
        TreeSet<Long> characters = new TreeSet<>();
        Map<Group, Set<Long>> pilotsOf = new HashMap<>();
        Map<Integer, Set<Long>> shipPilots = new TreeMap<>();
        Map<Integer, Integer> shipLost = new TreeMap<>();
        int kills = 0;
        int losses = 0;
        BigDecimal iskLost = BigDecimal.ZERO;
        for (KillmailParts k : killmails) {
            boolean killed = false;
            for (Participant p : k.participants()) {
                Group g = groupOf(p);
                if (g == null || !in.contains(g)) {
                    continue;
                }
                if (p.allianceId() != null) {
                    alliances.add(p.allianceId());
                }
                if (p.corporationId() != null) {
                    corporations.add(p.corporationId());
                }
                Set<Long> groupPilots = pilotsOf.computeIfAbsent(g, x -> new HashSet<>());
                if (Derivation.isPlayerCharacter(p.characterId())) {
                    characters.add(p.characterId());
                    groupPilots.add(p.characterId());
                }
                if (p.shipTypeId() != null) {
                    Set<Long> pilots = shipPilots.computeIfAbsent(p.shipTypeId(), x -> new LinkedHashSet<>());
                    if (Derivation.isPlayerCharacter(p.characterId())) {
                        pilots.add(p.characterId());
                    }
                }
                if (p.victim()) {
                    losses++;
                    iskLost = iskLost.add(k.totalValue());
                    if (p.shipTypeId() != null) {
                        shipLost.merge(p.shipTypeId(), 1, Integer::sum);
                    }
                } else {
                    killed = true;
                }
            }
            if (killed) {
                kills++;
            }
        }
        List<Ship> ships = new ArrayList<>();
        for (Map.Entry<Integer, Set<Long>> e : shipPilots.entrySet()) {
            ships.add(new Ship(e.getKey(), e.getValue().size(), shipLost.getOrDefault(e.getKey(), 0)));
        }
        ships.sort(Comparator.comparingInt(Ship::pilots).reversed().thenComparing(Comparator.comparingInt(Ship::lost)
                .reversed()).thenComparingInt(Ship::typeId));
        Group lead = null;
        if (!unaligned) {
            List<Group> sorted = new ArrayList<>(members);
            sorted.sort(Comparator.comparingInt((Group g) -> -pilotsOf.getOrDefault(g, Set.of()).size())
                    .thenComparing(Group.ORDER));
            lead = sorted.get(0);
        }
        return new Side(lead, unaligned, List.copyOf(alliances), List.copyOf(corporations), List.copyOf(characters),
                kills, losses, iskLost, ships);
    }
}
