package dev.evedmv.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.evedmv.EveDmvException;
import dev.evedmv.sde.StaticData;
import dev.evedmv.sde.StaticData.SystemInfo;
import dev.evedmv.sde.StaticData.TypeInfo;

/**
 * The static data the generator draws from, as lists: {@link StaticData} answers lookups by id
 * but cannot enumerate, so the catalog is built from the ids its source knows.
 *
 * @param ships    published types of category 6
 * @param modules  published types of category 7 (fitted modules, also used as weapons)
 * @param charges  published types of category 8
 * @param npcShips published types of category 11 (NPC entities), possibly empty
 * @param systems  k-space and w-space solar systems (ids below 32,000,000)
 * @param drones   published types of category 18, possibly empty
 */
public record StaticCatalog(List<TypeInfo> ships, List<TypeInfo> modules, List<TypeInfo> charges,
        List<TypeInfo> npcShips, List<SystemInfo> systems, List<TypeInfo> drones) {

    static final int CATEGORY_MODULE = 7;
    static final int CATEGORY_CHARGE = 8;
    static final int CATEGORY_ENTITY = 11;
    static final int CATEGORY_DRONE = 18;
    /**
     * The module groups that deal damage (the static data's groups): turrets (Energy Weapon 53, Projectile
     * Weapon 55, Hybrid Weapon 74, Precursor Weapon 1986, Vorton Projector 4060), Smart Bomb 72 and the missile
     * launchers (Cruise 506, Rocket 507, Torpedo 508, Light 509, Heavy 510, Rapid Light 511, XL Torpedo 524,
     * Heavy Assault 771, Bomb 862, Rapid Heavy 1245, Rapid Torpedo 1673, XL Cruise 1674).
     */
    static final Set<Integer> WEAPON_GROUPS = Set.of(53, 55, 74, 1986, 4060, 72, 506, 507, 508, 509, 510, 511, 524,
            771, 862, 1245, 1673, 1674);
    /** Combat Drone: the drones that deal damage. */
    static final int GROUP_COMBAT_DRONE = 100;

    public StaticCatalog {
        if (ships.isEmpty() || systems.isEmpty()) {
            throw new EveDmvException("no static data loaded: run 'sde load PATH' first");
        }
        ships = List.copyOf(ships);
        modules = List.copyOf(modules);
        charges = List.copyOf(charges);
        npcShips = List.copyOf(npcShips);
        systems = List.copyOf(systems);
        drones = List.copyOf(drones);
    }

    /** What attackers shoot with: the modules of {@link #WEAPON_GROUPS} and the combat drones, by type id. */
    List<TypeInfo> weapons() {
        List<TypeInfo> weapons = new ArrayList<>();
        for (TypeInfo t : modules) {
            if (WEAPON_GROUPS.contains(t.groupId())) {
                weapons.add(t);
            }
        }
        for (TypeInfo t : drones) {
            if (t.groupId() == GROUP_COMBAT_DRONE) {
                weapons.add(t);
            }
        }
        weapons.sort(Comparator.comparingInt(TypeInfo::typeId));
        return weapons;
    }

    /** Sorts types by category (unpublished ones dropped) and keeps systems below the abyssal range, all by id. */
    public static StaticCatalog of(Collection<TypeInfo> types, Collection<SystemInfo> systems) {
        List<TypeInfo> ships = new ArrayList<>();
        List<TypeInfo> modules = new ArrayList<>();
        List<TypeInfo> charges = new ArrayList<>();
        List<TypeInfo> npcShips = new ArrayList<>();
        List<TypeInfo> drones = new ArrayList<>();
        for (TypeInfo t : types) {
            if (!t.published()) {
                continue;
            }
            switch (t.categoryId()) {
                case StaticData.CATEGORY_SHIP -> ships.add(t);
                case CATEGORY_MODULE -> modules.add(t);
                case CATEGORY_CHARGE -> charges.add(t);
                case CATEGORY_ENTITY -> npcShips.add(t);
                case CATEGORY_DRONE -> drones.add(t);
                default -> { }
            }
        }
        Comparator<TypeInfo> byType = Comparator.comparingInt(TypeInfo::typeId);
        ships.sort(byType);
        modules.sort(byType);
        charges.sort(byType);
        npcShips.sort(byType);
        drones.sort(byType);
        List<SystemInfo> kept = new ArrayList<>();
        for (SystemInfo s : systems) {
            if (s.systemId() < 32_000_000) {
                kept.add(s);
            }
        }
        kept.sort(Comparator.comparingInt(SystemInfo::systemId));
        return new StaticCatalog(ships, modules, charges, npcShips, kept, drones);
    }

    /** Every type the generator may put on a killmail, for the price file. */
    List<TypeInfo> pricedTypes() {
        List<TypeInfo> all = new ArrayList<>(ships.size() + modules.size() + charges.size() + drones.size());
        all.addAll(ships);
        all.addAll(modules);
        all.addAll(charges);
        all.addAll(drones);
        all.sort(Comparator.comparingInt(TypeInfo::typeId));
        return all;
    }
}
