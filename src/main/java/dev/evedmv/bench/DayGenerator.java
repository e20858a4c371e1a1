package dev.evedmv.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.evedmv.sde.StaticData;
import dev.evedmv.sde.StaticData.SystemInfo;
import dev.evedmv.sde.StaticData.TypeInfo;

/**
 * The killmails of one day as plain ESI JSON, from a random stream of their own: a day's
 * content depends only on the seed, the day and the shared {@link Population}, so days can be
 * generated in any order and in parallel with byte-identical results.
 */
final class DayGenerator {
    /** Share of killmails with no player attacker; the live game runs at roughly 10–15%. */
    static final double NPC_SHARE = 0.12;
    /** Share of player kills with a single player attacker; with the pod and shuttle victims this gives ~17% solo. */
    static final double SINGLE_PLAYER_SHARE = 0.24;
    /**
     * Pareto tail of gang sizes: P(size > x) = (2/x)^α. α = 1.4 gives gangs of about 6 on average, so
     * about 4.6 attackers per killmail overall, and a fleet of over 1,000 about once in 10,000 killmails.
     */
    static final double GANG_TAIL_ALPHA = 1.4;
    static final int LARGEST_FLEET = 2_000;
    /**
     * Pilot activity (gang leaders, members drawn from anywhere, victims): Zipf–Mandelbrot, P(rank k) ∝
     * (k + 1 + q)^-s with s = {@value #PILOT_ZIPF_S} (victims {@value #VICTIM_ZIPF_S}) and offset q =
     * {@value #PILOT_ZIPF_OFFSET}. Plain Zipf (q = 0) made the busiest pilot take part in about 16% of all
     * killmails, which no real pilot comes near: on zKillboard the most active pilots are on roughly
     * 0.1–0.3% of killmails. The offset flattens the head so the busiest pilot is on about 0.3–0.5% of
     * killmails (a few tenths more in small data sets, where there are fewer pilots to share the head)
     * while the tail stays a power law: most pilots are on a handful of killmails. Corporation and
     * alliance sizes are unchanged (Zipf(1.0) over corporations and alliances), so the largest
     * alliances stay big, and their activity now follows their size.
     */
    static final double PILOT_ZIPF_S = 1.1;
    static final double VICTIM_ZIPF_S = 1.05;
    static final double PILOT_ZIPF_OFFSET = 200;
    /** Corporations fly doctrines: this many hull types each, flown on this share of their pilots' attacks. */
    static final int DOCTRINE_SHIPS = 3;
    static final double DOCTRINE_SHARE = 0.8;
    static final double CAPSULE_VICTIM_SHARE = 0.15;
    static final double SHUTTLE_OR_ROOKIE_VICTIM_SHARE = 0.04;
    /** NPC attackers' corporations and factions: ids from the NPC ranges (NPC corporations run from 1,000,000 to 1,999,999). */
    private static final long[] NPC_CORPORATIONS = {1000125, 1000127, 1000128, 1000129, 1000124, 1000161, 1000162};
    private static final int[] NPC_FACTIONS = {500006, 500010, 500011, 500012, 500019, 500020};
    static final int SECONDS_PER_DAY = 86_400;
    /** Relative kills by UTC hour: US evening 00–03, quiet morning, EU prime time 17–21. */
    private static final double[] HOUR_WEIGHTS = {
        6, 6, 5.5, 5, 4, 3, 2.5, 2.5, 3, 3.5, 4, 4, 4.5, 5, 5.5, 6, 6.5, 7.5, 8.5, 9, 9, 8.5, 7.5, 6.5};
    private static final double[] HOUR_CUMULATIVE = cumulative(HOUR_WEIGHTS);
    /** Kills by band, in the order of {@link Catalog#systemsByBand}: null-sec 40%, low-sec 25%, high-sec 25%, w-space 10%. */
    private static final double[] BAND_CUMULATIVE = {0.40, 0.65, 0.90, 1.0};

    record Stats(long killmails, long attackers, long npcKillmails, long soloKillmails, int largestGang) {
        Stats plus(Stats o) {
            return new Stats(killmails + o.killmails, attackers + o.attackers, npcKillmails + o.npcKillmails,
                    soloKillmails + o.soloKillmails, Math.max(largestGang, o.largestGang));
        }
    }

    interface Sink {
        void killmail(long killmailId, long epochSecond, byte[] json) throws IOException;
    }

    private final Population population;
    private final Catalog catalog;
    private final JsonFactory json = new JsonFactory();

    /** The catalog arranged for drawing: lists in a seeded order so that Zipf ranks pick "popular" entries. */
    static final class Catalog {
        final List<TypeInfo> attackerShips;
        final List<TypeInfo> capsules;
        final List<TypeInfo> shuttlesAndRookieShips;
        final List<TypeInfo> modules;
        final List<TypeInfo> weapons;
        final List<TypeInfo> charges;
        final List<TypeInfo> npcShips;
        final long doctrineSeed;
        final List<List<SystemInfo>> systemsByBand;
        final List<SystemInfo> allSystems;

        Catalog(StaticCatalog source, long seed) {
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 0x5eed_0002L));
            List<TypeInfo> hulls = new ArrayList<>();
            List<TypeInfo> pods = new ArrayList<>();
            List<TypeInfo> minor = new ArrayList<>();
            for (TypeInfo t : source.ships()) {
                switch (t.groupId()) {
                    case StaticData.GROUP_CAPSULE -> pods.add(t);
                    case StaticData.GROUP_SHUTTLE, StaticData.GROUP_ROOKIE_SHIP -> minor.add(t);
                    default -> hulls.add(t);
                }
            }
            if (hulls.isEmpty()) {
                hulls.addAll(minor.isEmpty() ? pods : minor);
            }
            attackerShips = shuffled(hulls, random);
            capsules = pods;
            shuttlesAndRookieShips = shuffled(minor, random);
            modules = shuffled(source.modules(), random);
            weapons = shuffled(source.weapons(), random);
            doctrineSeed = Seeds.mix(seed, 0x5eed_0003L);
            charges = shuffled(source.charges(), random);
            npcShips = shuffled(source.npcShips(), random);
            List<SystemInfo> high = new ArrayList<>();
            List<SystemInfo> low = new ArrayList<>();
            List<SystemInfo> nul = new ArrayList<>();
            List<SystemInfo> wormhole = new ArrayList<>();
            for (SystemInfo s : source.systems()) {
                if (s.systemId() >= 31_000_000) {
                    wormhole.add(s);
                } else if (s.security() >= 0.45) {
                    high.add(s);
                } else if (s.security() >= 0.05) {
                    low.add(s);
                } else {
                    nul.add(s);
                }
            }
            systemsByBand = List.of(shuffled(nul, random), shuffled(low, random), shuffled(high, random), shuffled(wormhole, random));
            allSystems = shuffled(source.systems(), random);
        }

        private static <T> List<T> shuffled(List<T> list, SplittableRandom random) {
            List<T> copy = new ArrayList<>(list);
            for (int i = copy.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                T tmp = copy.get(i);
                copy.set(i, copy.get(j));
                copy.set(j, tmp);
            }
            return List.copyOf(copy);
        }
    }

    DayGenerator(Population population, Catalog catalog) {
        this.population = population;
        this.catalog = catalog;
    }

    /**
     * Writes {@code count} killmails of {@code day} with ids from {@code firstId}, in time order,
     * marking the pilots, corporations and alliances they use. Their times fall in the first
     * {@code secondsAvailable} seconds of the day (all of it: {@link #SECONDS_PER_DAY}), so that a
     * day still under way holds no killmail later than now.
     */
    Stats generate(long seed, LocalDate day, int secondsAvailable, long firstId, int count, Sink sink,
            BitSet usedPilots, BitSet usedCorporations, BitSet usedAlliances) throws IOException {
        if (secondsAvailable < 1 || secondsAvailable > SECONDS_PER_DAY) {
            throw new IllegalArgumentException("seconds available " + secondsAvailable + " outside 1.." + SECONDS_PER_DAY);
        }
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, day.toEpochDay()));
        double[] hours = secondsAvailable == SECONDS_PER_DAY ? HOUR_CUMULATIVE : cumulative(hourWeights(secondsAvailable));
        int[] seconds = new int[count];
        for (int i = 0; i < count; i++) {
            int hour = pick(random, hours);
            seconds[i] = hour * 3600 + random.nextInt(secondsOfHour(hour, secondsAvailable));
        }
        Arrays.sort(seconds);
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String datePrefix = day + "T";

        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        Killmail km = new Killmail(new SplittableRandom(Seeds.mix(catalog.doctrineSeed, day.toEpochDay())));
        long attackers = 0;
        long npc = 0;
        long solo = 0;
        int largest = 0;
        for (int i = 0; i < count; i++) {
            km.build(random);
            attackers += km.attackerCount;
            npc += km.npc ? 1 : 0;
            solo += km.solo ? 1 : 0;
            largest = Math.max(largest, km.attackerCount);
            km.markUsed(usedPilots, usedCorporations, usedAlliances);
            buffer.reset();
            try (JsonGenerator g = json.createGenerator(buffer)) {
                km.write(g, firstId + i, datePrefix + time(seconds[i]));
            }
            sink.killmail(firstId + i, dayStart + seconds[i], buffer.toByteArray());
        }
        return new Stats(count, attackers, npc, solo, largest);
    }

    /**
     * The seconds of {@code day} up to {@code now}, now's own second included (the whole day when it
     * ended before now); at least 1, as {@link #generate} needs, once the day has begun.
     */
    static int secondsAvailable(LocalDate day, Instant now) {
        long since = now.getEpochSecond() - day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        if (since < 0) {
            throw new IllegalArgumentException(day + " begins after " + now);
        }
        return (int) Math.min(SECONDS_PER_DAY, since + 1);
    }

    /**
     * The share of a whole day's killmails that falls in its first {@code secondsAvailable} seconds,
     * by the hourly weights: a day under way gets that share of a whole day's killmails.
     */
    static double shareOfDay(int secondsAvailable) {
        double[] weights = hourWeights(secondsAvailable);
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        return sum / HOUR_CUMULATIVE[HOUR_CUMULATIVE.length - 1];
    }

    /** The hourly weights cut to the first {@code secondsAvailable} seconds: a partly available hour in proportion. */
    private static double[] hourWeights(int secondsAvailable) {
        double[] weights = new double[HOUR_WEIGHTS.length];
        for (int h = 0; h < weights.length; h++) {
            weights[h] = HOUR_WEIGHTS[h] * (secondsOfHour(h, secondsAvailable) / 3600.0);
        }
        return weights;
    }

    /** How many seconds of {@code hour} lie within the first {@code secondsAvailable} seconds of the day. */
    private static int secondsOfHour(int hour, int secondsAvailable) {
        return Math.max(0, Math.min(3600, secondsAvailable - hour * 3600));
    }

    private static String time(int secondOfDay) {
        int h = secondOfDay / 3600;
        int m = secondOfDay / 60 % 60;
        int s = secondOfDay % 60;
        char[] c = {(char) ('0' + h / 10), (char) ('0' + h % 10), ':', (char) ('0' + m / 10), (char) ('0' + m % 10), ':',
            (char) ('0' + s / 10), (char) ('0' + s % 10), 'Z'};
        return new String(c);
    }

    /** The {@code n}th of the {@link #DOCTRINE_SHIPS} hulls a corporation flies, drawn once per seed and corporation. */
    int doctrineShip(int corporation, int n) {
        SplittableRandom doctrine = new SplittableRandom(Seeds.mix(catalog.doctrineSeed, corporation));
        int ship = 0;
        for (int i = 0; i <= n; i++) {
            ship = catalog.attackerShips.get(Zipf.sample(doctrine, catalog.attackerShips.size(), 0.6)).typeId();
        }
        return ship;
    }

    /** One killmail under construction; reused across the day to keep allocation low. */
    private final class Killmail {
        /** Which attackers fly their corporation's doctrine, and which of its hulls. */
        private final SplittableRandom doctrineDraws;
        int system;
        boolean npc;
        boolean solo;
        int attackerCount;
        int victimPilot;
        TypeInfo victimShip;
        final IntList attackerPilots = new IntList();
        final IntList attackerShips = new IntList();
        final IntList attackerWeapons = new IntList();
        final IntList damage = new IntList();
        final IntList securityTenths = new IntList();
        int npcAttackers;
        int finalBlow;
        final IntList itemTypes = new IntList();
        final IntList itemFlags = new IntList();
        final IntList itemQuantities = new IntList();
        final BitSet itemDropped = new BitSet();
        final HashSet<Integer> seen = new HashSet<>();

        Killmail(SplittableRandom doctrineDraws) {
            this.doctrineDraws = doctrineDraws;
        }

        void build(SplittableRandom r) {
            attackerPilots.clear();
            attackerShips.clear();
            attackerWeapons.clear();
            damage.clear();
            securityTenths.clear();
            itemTypes.clear();
            itemFlags.clear();
            itemQuantities.clear();
            itemDropped.clear();
            seen.clear();

            List<SystemInfo> band = catalog.systemsByBand.get(pick(r, BAND_CUMULATIVE));
            List<SystemInfo> systems = band.isEmpty() ? catalog.allSystems : band;
            system = systems.get(Zipf.sample(r, systems.size(), 1.0)).systemId();

            double shipRoll = r.nextDouble();
            boolean pod = !catalog.capsules.isEmpty() && shipRoll < CAPSULE_VICTIM_SHARE;
            if (pod) {
                victimShip = catalog.capsules.get(r.nextInt(catalog.capsules.size()));
            } else if (!catalog.shuttlesAndRookieShips.isEmpty() && shipRoll < CAPSULE_VICTIM_SHARE + SHUTTLE_OR_ROOKIE_VICTIM_SHARE) {
                victimShip = catalog.shuttlesAndRookieShips.get(r.nextInt(catalog.shuttlesAndRookieShips.size()));
            } else {
                victimShip = catalog.attackerShips.get(Zipf.sample(r, catalog.attackerShips.size(), 1.1));
            }

            npc = r.nextDouble() < NPC_SHARE;
            if (npc) {
                npcAttackers = r.nextDouble() < 0.7 ? 1 : 2 + r.nextInt(4);
            } else {
                int players = r.nextDouble() < SINGLE_PLAYER_SHARE ? 1 : gangSize(r);
                addGang(r, players);
                npcAttackers = r.nextDouble() < 0.03 ? 1 : 0;
            }
            victimPilot = pickVictim(r);
            for (int i = 0; i < npcAttackers; i++) {
                attackerShips.add(catalog.npcShips.isEmpty() ? -1 : catalog.npcShips.get(r.nextInt(catalog.npcShips.size())).typeId());
                attackerWeapons.add(-1);
            }
            attackerCount = attackerPilots.size() + npcAttackers;
            for (int i = 0; i < attackerCount; i++) {
                damage.add(r.nextDouble() < 0.05 ? 0 : 1 + r.nextInt(3_000));
                securityTenths.add(i < attackerPilots.size() ? r.nextInt(151) - 100 : 0);
            }
            finalBlow = npc ? attackerPilots.size() + r.nextInt(npcAttackers) : r.nextInt(attackerPilots.size());
            solo = !npc && attackerPilots.size() == 1 && !pod
                    && victimShip.groupId() != StaticData.GROUP_SHUTTLE && victimShip.groupId() != StaticData.GROUP_ROOKIE_SHIP;
            if (!pod) {
                addItems(r);
            }
        }

        private int gangSize(SplittableRandom r) {
            double size = 2.0 * Math.pow(1.0 - r.nextDouble(), -1.0 / GANG_TAIL_ALPHA);
            return (int) Math.min(LARGEST_FLEET, size);
        }

        /** A leader and his gang: most members from the leader's corporation, the rest from anywhere. */
        private void addGang(SplittableRandom r, int players) {
            int leader = Zipf.sample(r, population.pilots, PILOT_ZIPF_S, PILOT_ZIPF_OFFSET);
            addAttacker(r, leader);
            int corporation = population.corporationOf(leader);
            int corporationSize = population.corporationSize(corporation);
            for (int n = 1; n < players; n++) {
                for (int attempt = 0; attempt < 8; attempt++) {
                    int pilot = corporationSize > 1 && r.nextDouble() < 0.65
                            ? population.member(corporation, r.nextInt(corporationSize))
                            : Zipf.sample(r, population.pilots, PILOT_ZIPF_S, PILOT_ZIPF_OFFSET);
                    if (attempt == 7) {
                        pilot = r.nextInt(population.pilots);
                    }
                    if (seen.add(pilot)) {
                        attackerPilots.add(pilot);
                        addShipAndWeapon(r, pilot);
                        break;
                    }
                }
            }
        }

        private void addAttacker(SplittableRandom r, int pilot) {
            seen.add(pilot);
            attackerPilots.add(pilot);
            addShipAndWeapon(r, pilot);
        }

        /**
         * The pilot flies one of his corporation's doctrine ships most of the time ({@link #DOCTRINE_SHARE}), else any
         * hull; he shoots with a weapon (turret, launcher, smart bomb or combat drone), else ESI names the ship.
         */
        private void addShipAndWeapon(SplittableRandom r, int pilot) {
            // any hull is drawn from the day's stream either way, and the doctrine from a stream of its own, so that
            // doctrines change the ships flown and nothing else a seed gives (systems, pilots, times)
            int anyHull = catalog.attackerShips.get(Zipf.sample(r, catalog.attackerShips.size(), 1.1)).typeId();
            int ship = doctrineDraws.nextDouble() < DOCTRINE_SHARE
                    ? doctrineShip(population.corporationOf(pilot), doctrineDraws.nextInt(DOCTRINE_SHIPS)) : anyHull;
            attackerShips.add(ship);
            attackerWeapons.add(!catalog.weapons.isEmpty() && r.nextDouble() < 0.85
                    ? catalog.weapons.get(Zipf.sample(r, catalog.weapons.size(), 1.0)).typeId() : ship);
        }

        private int pickVictim(SplittableRandom r) {
            for (int attempt = 0; attempt < 8; attempt++) {
                int pilot = Zipf.sample(r, population.pilots, VICTIM_ZIPF_S, PILOT_ZIPF_OFFSET);
                if (!seen.contains(pilot)) {
                    return pilot;
                }
            }
            int pilot = r.nextInt(population.pilots);
            while (seen.contains(pilot)) {
                pilot = (pilot + 1) % population.pilots;
            }
            return pilot;
        }

        /** A few fitted modules in slot flags 11–34 and some charges in cargo (flag 5). */
        private void addItems(SplittableRandom r) {
            if (!catalog.modules.isEmpty()) {
                int fitted = 2 + r.nextInt(8);
                for (int i = 0; i < fitted; i++) {
                    addItem(r, catalog.modules.get(Zipf.sample(r, catalog.modules.size(), 1.0)).typeId(), 11 + r.nextInt(24), 1);
                }
            }
            if (!catalog.charges.isEmpty()) {
                int stacks = r.nextInt(3);
                for (int i = 0; i < stacks; i++) {
                    addItem(r, catalog.charges.get(Zipf.sample(r, catalog.charges.size(), 1.0)).typeId(), 5, 1 + r.nextInt(2_000));
                }
            }
        }

        private void addItem(SplittableRandom r, int typeId, int flag, int quantity) {
            itemDropped.set(itemTypes.size(), r.nextBoolean());
            itemTypes.add(typeId);
            itemFlags.add(flag);
            itemQuantities.add(quantity);
        }

        void markUsed(BitSet pilots, BitSet corporations, BitSet alliances) {
            mark(victimPilot, pilots, corporations, alliances);
            for (int i = 0; i < attackerPilots.size(); i++) {
                mark(attackerPilots.get(i), pilots, corporations, alliances);
            }
        }

        private void mark(int pilot, BitSet pilots, BitSet corporations, BitSet alliances) {
            pilots.set(pilot);
            int corporation = population.corporationOf(pilot);
            corporations.set(corporation);
            int alliance = population.allianceOf(corporation);
            if (alliance >= 0) {
                alliances.set(alliance);
            }
        }

        /** ESI's own layout: keys in alphabetical order, optional ids left out. */
        void write(JsonGenerator g, long killmailId, String time) throws IOException {
            g.writeStartObject();
            g.writeArrayFieldStart("attackers");
            int players = attackerPilots.size();
            for (int i = 0; i < attackerCount; i++) {
                g.writeStartObject();
                if (i < players) {
                    int pilot = attackerPilots.get(i);
                    int corporation = population.corporationOf(pilot);
                    int alliance = population.allianceOf(corporation);
                    if (alliance >= 0) {
                        g.writeNumberField("alliance_id", population.allianceId(alliance));
                    }
                    g.writeNumberField("character_id", population.characterId(pilot));
                    g.writeNumberField("corporation_id", population.corporationId(corporation));
                } else {
                    g.writeNumberField("corporation_id", NPC_CORPORATIONS[(int) ((killmailId + i) % NPC_CORPORATIONS.length)]);
                }
                g.writeNumberField("damage_done", damage.get(i));
                if (i >= players) {
                    g.writeNumberField("faction_id", NPC_FACTIONS[(int) ((killmailId + i) % NPC_FACTIONS.length)]);
                }
                g.writeBooleanField("final_blow", i == finalBlow);
                g.writeFieldName("security_status");
                g.writeNumber(securityTenths.get(i) / 10.0);
                if (attackerShips.get(i) >= 0) {
                    g.writeNumberField("ship_type_id", attackerShips.get(i));
                }
                if (attackerWeapons.get(i) >= 0) {
                    g.writeNumberField("weapon_type_id", attackerWeapons.get(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("killmail_id", killmailId);
            g.writeStringField("killmail_time", time);
            g.writeNumberField("solar_system_id", system);
            g.writeObjectFieldStart("victim");
            int corporation = population.corporationOf(victimPilot);
            int alliance = population.allianceOf(corporation);
            if (alliance >= 0) {
                g.writeNumberField("alliance_id", population.allianceId(alliance));
            }
            g.writeNumberField("character_id", population.characterId(victimPilot));
            g.writeNumberField("corporation_id", population.corporationId(corporation));
            long taken = 0;
            for (int i = 0; i < attackerCount; i++) {
                taken += damage.get(i);
            }
            g.writeNumberField("damage_taken", (int) Math.min(Integer.MAX_VALUE, taken));
            g.writeArrayFieldStart("items");
            for (int i = 0; i < itemTypes.size(); i++) {
                g.writeStartObject();
                g.writeNumberField("flag", itemFlags.get(i));
                g.writeNumberField("item_type_id", itemTypes.get(i));
                g.writeNumberField(itemDropped.get(i) ? "quantity_dropped" : "quantity_destroyed", itemQuantities.get(i));
                g.writeNumberField("singleton", 0);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("ship_type_id", victimShip.typeId());
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static int pick(SplittableRandom random, double[] cumulative) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        // u rounded up to the total: the last entry with a weight
        for (int i = cumulative.length - 1; i > 0; i--) {
            if (cumulative[i] > cumulative[i - 1]) {
                return i;
            }
        }
        return 0;
    }

    private static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }
    }
}
