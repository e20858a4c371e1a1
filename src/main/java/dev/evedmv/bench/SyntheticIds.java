package dev.evedmv.bench;

import dev.evedmv.EveDmvException;

/**
 * Where the ids of generated killmails, pilots, corporations and alliances live: above every id
 * the game hands out, and one block of ids for each seed. The game's ids fit in 32 bits (killmail
 * ids are about 135 million in 2026 and grow by about 15,000 a day; characters, corporations and
 * alliances stay below 2,147,483,648), so generated data never shares an id with real data, and
 * two seeds' killmails and entities never share one with each other: importing a second seed adds
 * to the first instead of colliding with it.
 *
 * <p>Seed {@code s} owns {@code [BASE + s × BLOCK, BASE + (s + 1) × BLOCK)}: killmails from its
 * start, then characters, corporations and alliances at fixed offsets. Every id stays below 2^53,
 * so that JavaScript reads it exactly.
 */
public final class SyntheticIds {
    /** The first id of seed 0: ten billion, far above any id the game hands out. */
    static final long BASE = 10_000_000_000L;
    /** Ids of one seed. */
    static final long BLOCK = 1_000_000_000L;
    /** The largest seed whose ids stay below 2^53. */
    public static final long MAX_SEED = 8_999_999L;
    /** Killmails one seed can number. */
    public static final long MAX_KILLMAILS = 900_000_000L;
    private static final long CHARACTERS = 900_000_000L;
    private static final long CORPORATIONS = 950_000_000L;
    private static final long ALLIANCES = 990_000_000L;
    /** Characters, corporations and alliances one seed can number (more than {@link Population} makes). */
    static final int MAX_CHARACTERS = (int) (CORPORATIONS - CHARACTERS);
    static final int MAX_CORPORATIONS = (int) (ALLIANCES - CORPORATIONS);
    static final int MAX_ALLIANCES = (int) (BLOCK - ALLIANCES);

    private SyntheticIds() {
    }

    /** Refuses a seed that has no block of its own. */
    public static long checkSeed(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new EveDmvException("--seed must be from 0 to " + MAX_SEED + " (each seed numbers its killmails and"
                    + " entities in a range of its own), got " + seed);
        }
        return seed;
    }

    /** The id of the {@code n}-th killmail (from 0) generated with {@code seed}. */
    static long killmail(long seed, long n) {
        return id(seed, 0, n, MAX_KILLMAILS);
    }

    static long character(long seed, int index) {
        return id(seed, CHARACTERS, index, MAX_CHARACTERS);
    }

    static long corporation(long seed, int index) {
        return id(seed, CORPORATIONS, index, MAX_CORPORATIONS);
    }

    static long alliance(long seed, int index) {
        return id(seed, ALLIANCES, index, MAX_ALLIANCES);
    }

    private static long id(long seed, long offset, long index, long room) {
        checkSeed(seed);
        if (index < 0 || index >= room) {
            throw new IllegalArgumentException("index " + index + " outside 0.." + (room - 1));
        }
        return BASE + seed * BLOCK + offset + index;
    }
}
