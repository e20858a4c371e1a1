package dev.evedmv.bench;

import java.util.SplittableRandom;

/** Pronounceable synthetic names; the index is part of each name, so no two entities share one. */
final class SyntheticNames {
    private static final String[] ONSETS = {"b", "d", "f", "g", "h", "k", "l", "m", "n", "r", "s", "t", "v", "z", "br", "dr",
        "kr", "st", "th", "vr"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ae", "ai", "ei", "or", "an"};
    private static final String[] CORPORATION_SUFFIXES = {"Industries", "Holdings", "Logistics", "Enterprises", "Mining Corp",
        "Fleet Works", "Security", "Syndicate", "Collective", "Ventures"};
    private static final String[] ALLIANCE_SUFFIXES = {"Alliance", "Coalition", "Federation", "Directorate", "Union", "Pact"};

    private SyntheticNames() {
    }

    static String character(long seed, int index) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed ^ 0xC4A2L, index));
        return capitalize(word(r, 2)) + " " + capitalize(word(r, 2 + r.nextInt(2))) + " " + Integer.toString(index, 36);
    }

    static String corporation(long seed, int index) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed ^ 0xC0A9L, index));
        return capitalize(word(r, 2 + r.nextInt(2))) + " " + CORPORATION_SUFFIXES[r.nextInt(CORPORATION_SUFFIXES.length)]
                + " " + Integer.toString(index, 36).toUpperCase(java.util.Locale.ROOT);
    }

    static String alliance(long seed, int index) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed ^ 0xA111L, index));
        return capitalize(word(r, 2 + r.nextInt(2))) + " " + ALLIANCE_SUFFIXES[r.nextInt(ALLIANCE_SUFFIXES.length)]
                + " " + Integer.toString(index, 36).toUpperCase(java.util.Locale.ROOT);
    }

    private static String word(SplittableRandom r, int syllables) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            b.append(ONSETS[r.nextInt(ONSETS.length)]).append(VOWELS[r.nextInt(VOWELS.length)]);
        }
        return b.toString();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
