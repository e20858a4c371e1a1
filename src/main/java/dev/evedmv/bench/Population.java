package dev.evedmv.bench;

import java.util.SplittableRandom;

/**
 * The synthetic pilots, corporations and alliances of one seed, with ids in the seed's own range
 * (see {@link SyntheticIds}): no real entity and no other seed's has them. Lower indexes are the
 * larger corporations and alliances. Immutable once built, so the per-day generators share it.
 */
final class Population {
    private static final double CORPORATIONS_IN_ALLIANCES = 0.75;

    final int pilots;
    final int corporations;
    final int alliances;
    private final long seed;
    private final int[] corporationOfPilot;
    private final int[] allianceOfCorporation;
    private final int[] memberOffsets;
    private final int[] members;

    Population(long seed, long killmails) {
        this.seed = SyntheticIds.checkSeed(seed);
        pilots = (int) Math.max(1_000, Math.min(2_000_000, killmails / 4));
        corporations = Math.max(50, pilots / 25);
        alliances = Math.max(10, corporations / 20);
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 0x5eed_0001L));
        corporationOfPilot = new int[pilots];
        int[] sizes = new int[corporations];
        for (int i = 0; i < pilots; i++) {
            int corp = Zipf.sample(random, corporations, 1.0);
            corporationOfPilot[i] = corp;
            sizes[corp]++;
        }
        allianceOfCorporation = new int[corporations];
        for (int j = 0; j < corporations; j++) {
            allianceOfCorporation[j] = random.nextDouble() < CORPORATIONS_IN_ALLIANCES
                    ? Zipf.sample(random, alliances, 1.0) : -1;
        }
        memberOffsets = new int[corporations + 1];
        for (int j = 0; j < corporations; j++) {
            memberOffsets[j + 1] = memberOffsets[j] + sizes[j];
        }
        members = new int[pilots];
        int[] fill = memberOffsets.clone();
        for (int i = 0; i < pilots; i++) {
            members[fill[corporationOfPilot[i]]++] = i;
        }
    }

    int corporationOf(int pilot) {
        return corporationOfPilot[pilot];
    }

    /** The corporation's alliance index, or -1 when it is in none. */
    int allianceOf(int corporation) {
        return allianceOfCorporation[corporation];
    }

    int corporationSize(int corporation) {
        return memberOffsets[corporation + 1] - memberOffsets[corporation];
    }

    int member(int corporation, int n) {
        return members[memberOffsets[corporation] + n];
    }

    long characterId(int pilot) {
        return SyntheticIds.character(seed, pilot);
    }

    long corporationId(int corporation) {
        return SyntheticIds.corporation(seed, corporation);
    }

    long allianceId(int alliance) {
        return SyntheticIds.alliance(seed, alliance);
    }
}
