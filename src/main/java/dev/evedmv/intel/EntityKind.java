package dev.evedmv.intel;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.evedmv.killmail.Derivation;

/**
 * The entities answers are about, with their {@code entity_kind} code in the rollup tables: the one
 * definition of the kinds (docs/counting-rules.md §3), which the SQL reads through {@code evedmv_kind(name)}.
 */
public enum EntityKind {
    CHARACTER(1, "character", "characters", Long.MAX_VALUE, Derivation.LAST_NPC_CHARACTER_ID),
    CORPORATION(2, "corporation", "corporations", Long.MAX_VALUE, Derivation.LAST_NPC_CORPORATION_ID),
    ALLIANCE(3, "alliance", "alliances", Long.MAX_VALUE, 0),
    SHIP(4, "ship", "ships", Integer.MAX_VALUE, 0),
    SYSTEM(5, "system", "systems", Integer.MAX_VALUE, 0),
    REGION(6, "region", "regions", Integer.MAX_VALUE, 0);

    private static final EntityKind[] BY_CODE = new EntityKind[REGION.code + 1];

    static {
        for (EntityKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    private final int code;
    private final String singular;
    private final String plural;
    private final long maxId;
    private final long lastNpcId;

    EntityKind(int code, String singular, String plural, long maxId, long lastNpcId) {
        this.code = code;
        this.singular = singular;
        this.plural = plural;
        this.maxId = maxId;
        this.lastNpcId = lastNpcId;
    }

    public int code() {
        return code;
    }

    /** counting-rules.md §1: the highest NPC id of this kind, 0 for the kinds without NPCs (SQL: evedmv_last_npc_id). */
    public long lastNpcId() {
        return lastNpcId;
    }

    /** counting-rules.md §1: {@code id} is no NPC character or corporation (SQL: evedmv_is_player). */
    public boolean isPlayer(long id) {
        return id > lastNpcId;
    }

    /**
     * True for the kinds that are on killmails as victims and attackers (characters, corporations,
     * alliances, ship types): they have losses, ISK lost, solo losses, final blows and a danger ratio.
     * A solar system or region only hosts killmails: it has kills and none of those.
     */
    public boolean takesSides() {
        return this != SYSTEM && this != REGION;
    }

    /** "character", as in {@code query character ID} and {@code /top?kind=character}. */
    public String singular() {
        return singular;
    }

    /** "characters", as in {@code /api/v1/characters/ID}. */
    public String plural() {
        return plural;
    }

    public static EntityKind fromSingular(String name) {
        for (EntityKind k : values()) {
            if (k.singular.equals(name)) {
                return k;
            }
        }
        throw new InvalidQueryException("unknown kind", "'" + name + "' is none of " + names(false));
    }

    /** The kind stored as {@code code} (entity_daily.entity_kind, invalidation payloads). */
    public static EntityKind fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("unknown entity kind code " + code);
        }
        return BY_CODE[code];
    }

    public static EntityKind fromPlural(String name) {
        for (EntityKind k : values()) {
            if (k.plural.equals(name)) {
                return k;
            }
        }
        throw new InvalidQueryException("unknown kind", "'" + name + "' is none of " + names(true));
    }

    /** The id in {@code text}: a positive whole number within the range of this kind's ids. */
    public long parseId(String text) {
        long id = Parameters.wholeNumber("id", text);
        if (id < 1 || id > maxId) {
            throw new InvalidQueryException("invalid id", singular + " ids run from 1 to " + maxId + ", not " + id);
        }
        return id;
    }

    private static String names(boolean plural) {
        return Arrays.stream(values()).map(k -> plural ? k.plural : k.singular).collect(Collectors.joining(", "));
    }
}
