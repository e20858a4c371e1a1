package dev.evedmv.killmail;

import java.util.Locale;

/**
 * Where an item of a killmail's victim was, from its inventory {@code flag} (EVE's invFlags ids, as the
 * game client's {@code inventorycommon/const.py} numbers them: LoSlot0-7 11-18, MedSlot0-7 19-26, HiSlot0-7
 * 27-34, DroneBay 87, Booster 88, Implant 89, ShipHangar 90, RigSlot0-7 92-99, SubSystemSlot0-7 125-132,
 * the specialized holds 133-143, 148, 149 and 151, FleetHangar 155, FighterBay 158 and FighterTube0-4
 * 159-163, Cargo 5). The slots are listed in the order a fit is read; a flag none of them has is
 * {@link #OTHER}. Items inside a container keep their own flag in the payload but belong where the container is.
 */
public enum ItemSlot {
    HIGH("High slots", true),
    MID("Mid slots", true),
    LOW("Low slots", true),
    RIGS("Rigs", true),
    SUBSYSTEMS("Subsystems", true),
    FIGHTER_BAY("Fighter bay", false),
    DRONE_BAY("Drone bay", false),
    CARGO("Cargo", false),
    SPECIALIZED_HOLDS("Specialized holds", false),
    FLEET_HANGAR("Fleet hangar", false),
    SHIP_HANGAR("Ship hangar", false),
    IMPLANTS("Implants", false),
    BOOSTERS("Boosters", false),
    OTHER("Other", false);

    private final String label;
    private final boolean fitted;

    ItemSlot(String label, boolean fitted) {
        this.label = label;
        this.fitted = fitted;
    }

    /** The slot of an item with inventory flag {@code flag}. */
    public static ItemSlot of(int flag) {
        if (flag >= 27 && flag <= 34) {
            return HIGH;
        }
        if (flag >= 19 && flag <= 26) {
            return MID;
        }
        if (flag >= 11 && flag <= 18) {
            return LOW;
        }
        if (flag >= 92 && flag <= 99) {
            return RIGS;
        }
        if (flag >= 125 && flag <= 132) {
            return SUBSYSTEMS;
        }
        if (flag >= 158 && flag <= 163) {
            return FIGHTER_BAY;
        }
        if (flag >= 133 && flag <= 143 || flag == 148 || flag == 149 || flag == 151) {
            return SPECIALIZED_HOLDS;
        }
        return switch (flag) {
            case 5 -> CARGO;
            case 87 -> DRONE_BAY;
            case 88 -> BOOSTERS;
            case 89 -> IMPLANTS;
            case 90 -> SHIP_HANGAR;
            case 155 -> FLEET_HANGAR;
            default -> OTHER;
        };
    }

    /** The slot's key in JSON: {@code high}, {@code drone_bay} … */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The slot's readable name: "High slots", "Drone bay" … */
    public String label() {
        return label;
    }

    /** Whether items here are fitted to the ship (modules, rigs, subsystems), not carried in a bay or hold. */
    public boolean fitted() {
        return fitted;
    }
}
