package dev.evedmv.killmail;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.evedmv.sde.StaticData;

/**
 * Derives the per-killmail facts of docs/counting-rules.md §2 from a killmail, the static data and a price table.
 * Thread-safe when its StaticData and PriceTable are.
 */
public final class Derivation {
    /** counting-rules.md §1: player characters have ids above 3,999,999; lower ids are NPC agents. */
    public static final long LAST_NPC_CHARACTER_ID = 3_999_999L;
    /** counting-rules.md §1: player corporations have ids above 1,999,999; lower ids are NPC corporations. */
    public static final long LAST_NPC_CORPORATION_ID = 1_999_999L;

    public static final String VALUE_ZKB = "zkb";
    public static final String VALUE_COMPUTED = "computed";
    public static final String VALUE_NONE = "none";

    private final StaticData staticData;
    private final PriceTable prices;

    public Derivation(StaticData staticData, PriceTable prices) {
        this.staticData = staticData;
        this.prices = prices;
    }

    public DerivedKillmail derive(Killmail killmail) {
        List<Attacker> attackers = killmail.attackers();
        Attacker finalBlow = killmail.finalBlow();
        int players = countPlayerCharacters(attackers);
        boolean npc = isNpc(players);
        boolean solo = isSolo(players, staticData.type(killmail.victim().shipTypeId()));
        boolean awox = isAwox(killmail.victim().corporationId(), finalBlow == null ? null : finalBlow.corporationId());

        StaticData.SystemInfo system = staticData.system(killmail.solarSystemId());
        Double security = system == null ? null : system.security();
        SecurityBand band = SecurityBand.of(killmail.solarSystemId(), security);

        BigDecimal value;
        String valueSource;
        if (killmail.zkb() != null && killmail.zkb().totalValue() != null) {
            value = killmail.zkb().totalValue();
            valueSource = VALUE_ZKB;
        } else {
            Valuation valuation = new Valuation();
            valuation.add(killmail.victim().shipTypeId(), 1, 0);
            valuation.addAll(killmail.victim().items());
            value = valuation.total;
            valueSource = valuation.anyPriceKnown ? VALUE_COMPUTED : VALUE_NONE;
        }

        List<String> labels = labels(killmail, attackers.size(), npc, solo, awox, band);
        return new DerivedKillmail(killmail, attackers.size(), finalBlow, npc, solo, awox, band, security,
                system == null ? null : system.constellationId(), system == null ? null : system.regionId(),
                value, valueSource, List.copyOf(labels));
    }

    /** counting-rules.md §1 (SQL: evedmv_is_player_character). */
    public static boolean isPlayerCharacter(Long characterId) {
        return characterId != null && characterId > LAST_NPC_CHARACTER_ID;
    }

    /** counting-rules.md §1 (SQL: evedmv_is_player_corporation). */
    public static boolean isPlayerCorporation(Long corporationId) {
        return corporationId != null && corporationId > LAST_NPC_CORPORATION_ID;
    }

    /** The player characters among {@code attackers}, ascending, each once (counting-rules.md §1: associates). */
    public static long[] playerCharacterIds(List<Attacker> attackers) {
        long[] ids = new long[attackers.size()];
        int n = 0;
        for (Attacker a : attackers) {
            if (isPlayerCharacter(a.characterId())) {
                ids[n++] = a.characterId();
            }
        }
        Arrays.sort(ids, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) {
                ids[distinct++] = ids[i];
            }
        }
        return Arrays.copyOf(ids, distinct);
    }

    private static int countPlayerCharacters(List<Attacker> attackers) {
        int players = 0;
        for (Attacker a : attackers) {
            if (isPlayerCharacter(a.characterId())) {
                players++;
            }
        }
        return players;
    }

    /** counting-rules.md §2, npc: no attacker is a player character (SQL: evedmv_is_npc). */
    public static boolean isNpc(int playerAttackers) {
        return playerAttackers == 0;
    }

    /**
     * counting-rules.md §2, solo: exactly one player character among the attackers, and the victim's ship a
     * ship (category 6) other than a capsule, shuttle or rookie ship; an unknown type (null) is not
     * (SQL: evedmv_is_solo).
     */
    public static boolean isSolo(int playerAttackers, StaticData.TypeInfo victimShip) {
        if (playerAttackers != 1 || victimShip == null || victimShip.categoryId() != StaticData.CATEGORY_SHIP) {
            return false;
        }
        int group = victimShip.groupId();
        return group != StaticData.GROUP_CAPSULE && group != StaticData.GROUP_SHUTTLE && group != StaticData.GROUP_ROOKIE_SHIP;
    }

    /**
     * counting-rules.md §2, awox: the final blow came from the victim's own corporation, a player corporation
     * (null: no final blow, or no corporation; SQL: evedmv_is_awox).
     */
    public static boolean isAwox(Long victimCorporationId, Long finalBlowCorporationId) {
        return isPlayerCorporation(victimCorporationId) && victimCorporationId.equals(finalBlowCorporationId);
    }

    /**
     * zKillboard's labels for the facts we derive, named as in zKillboard/zKillboard
     * classes/AdvancedSearch.php ({@code $labels}): {@code tz:*} by UTC hour; one attacker-count
     * label, {@code solo} in place of it on solo killmails, each {@code #:N+} bucket running up to
     * the next one's N (as real zkb blocks show: a solo kill carries {@code solo}, not {@code #:1});
     * {@code loc:*}; {@code cat:N} of the victim's type; {@code npc} or {@code pvp}; {@code awox}.
     */
    List<String> labels(Killmail killmail, int attackerCount, boolean npc, boolean solo, boolean awox, SecurityBand band) {
        List<String> labels = new ArrayList<>(6);
        labels.add(timezoneLabel(killmail.time().atOffset(ZoneOffset.UTC).getHour()));
        StaticData.TypeInfo victimType = staticData.type(killmail.victim().shipTypeId());
        if (victimType != null) {
            labels.add("cat:" + victimType.categoryId());
        }
        labels.add(solo ? "solo" : attackerCountLabel(attackerCount));
        labels.add(npc ? "npc" : "pvp");
        if (awox) {
            labels.add("awox");
        }
        String location = locationLabel(killmail.solarSystemId(), band);
        if (location != null) {
            labels.add(location);
        }
        return labels;
    }

    /** counting-rules.md §3, after zKillboard: au 08–13, ru 14–16, eu 17–21, usw 04–07, use otherwise (UTC hours). */
    public static String timezoneLabel(int utcHour) {
        if (utcHour >= 8 && utcHour <= 13) {
            return "tz:au";
        }
        if (utcHour >= 14 && utcHour <= 16) {
            return "tz:ru";
        }
        if (utcHour >= 17 && utcHour <= 21) {
            return "tz:eu";
        }
        if (utcHour >= 4 && utcHour <= 7) {
            return "tz:usw";
        }
        return "tz:use";
    }

    /** zKillboard's attacker-count buckets: 1, 2–4, 5–9, 10–24, 25–49, 50–99, 100–999, 1000+. */
    public static String attackerCountLabel(int attackerCount) {
        if (attackerCount >= 1000) {
            return "#:1000+";
        }
        if (attackerCount >= 100) {
            return "#:100+";
        }
        if (attackerCount >= 50) {
            return "#:50+";
        }
        if (attackerCount >= 25) {
            return "#:25+";
        }
        if (attackerCount >= 10) {
            return "#:10+";
        }
        if (attackerCount >= 5) {
            return "#:5+";
        }
        return attackerCount >= 2 ? "#:2+" : "#:1";
    }

    /** zKillboard labels abyssal pockets (systems 32000000–32999999) apart from null-sec. */
    static String locationLabel(int systemId, SecurityBand band) {
        if (systemId >= 32_000_000 && systemId <= 32_999_999) {
            return "loc:abyssal";
        }
        return switch (band) {
            case HIGHSEC -> "loc:highsec";
            case LOWSEC -> "loc:lowsec";
            case NULLSEC -> "loc:nullsec";
            case WSPACE -> "loc:w-space";
            case UNKNOWN -> null;
        };
    }

    /** Ship + items × price; nested items count; blueprint copies (singleton 2) are worth nothing. */
    private final class Valuation {
        BigDecimal total = BigDecimal.ZERO;
        boolean anyPriceKnown;

        void addAll(List<Item> items) {
            for (Item item : items) {
                if (item.singleton() != 2) {
                    add(item.itemTypeId(), item.quantityDestroyed(), item.quantityDropped());
                }
                addAll(item.items());
            }
        }

        void add(int typeId, long destroyed, long dropped) {
            BigDecimal price = prices.price(typeId);
            if (price == null) {
                return;
            }
            anyPriceKnown = true;
            long quantity = destroyed + dropped;
            total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
        }
    }
}
