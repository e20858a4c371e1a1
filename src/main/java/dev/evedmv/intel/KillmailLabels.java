package dev.evedmv.intel;

import java.util.List;
import java.util.Map;

/**
 * The readable form of the zKillboard labels a killmail carries (tags such as {@code tz:eu},
 * {@code cat:6}, {@code #:10+}, {@code loc:nullsec}; see {@code Derivation.labels}): "EU time zone",
 * the category's name ("Ship"), "10+ attackers", "Null-sec". A label this does not know is shown as it is.
 */
public final class KillmailLabels {
    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("tz:au", "AU time zone"),
            Map.entry("tz:eu", "EU time zone"),
            Map.entry("tz:ru", "RU time zone"),
            Map.entry("tz:use", "US East time zone"),
            Map.entry("tz:usw", "US West time zone"),
            Map.entry("solo", "Solo"),
            Map.entry("#:1", "1 attacker"),
            Map.entry("npc", "NPC kill"),
            Map.entry("pvp", "PvP"),
            Map.entry("awox", "Awox"),
            Map.entry("loc:highsec", "High-sec"),
            Map.entry("loc:lowsec", "Low-sec"),
            Map.entry("loc:nullsec", "Null-sec"),
            Map.entry("loc:w-space", "Wormhole space"),
            Map.entry("loc:abyssal", "Abyssal"));
    private static final String CATEGORY = "cat:";
    private static final String ATTACKERS = "#:";

    private KillmailLabels() {
    }

    /** The readable form of each of {@code labels}, in order; {@code categoryNames} names the {@code cat:N} categories. */
    public static List<String> readable(List<String> labels, Map<Integer, String> categoryNames) {
        return labels.stream().map(l -> readable(l, categoryNames == null ? Map.of() : categoryNames)).toList();
    }

    static String readable(String label, Map<Integer, String> categoryNames) {
        String fixed = FIXED.get(label);
        if (fixed != null) {
            return fixed;
        }
        if (label.startsWith(CATEGORY)) {
            String id = label.substring(CATEGORY.length());
            try {
                String name = categoryNames.get(Integer.valueOf(id));
                return name != null ? name : "Category " + id;
            } catch (NumberFormatException e) {
                return label;
            }
        }
        if (label.startsWith(ATTACKERS) && label.endsWith("+")) {
            return label.substring(ATTACKERS.length()) + " attackers";
        }
        return label;
    }
}
