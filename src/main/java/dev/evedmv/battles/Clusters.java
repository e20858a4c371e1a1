package dev.evedmv.battles;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/battles.md, the definition: a system's non-npc killmails in (killmail_time, killmail_id)
 * order; one starts a new cluster when it comes more than {@link #GAP} after the previous one, or
 * {@link #LONGEST} or more after its cluster's first; a cluster of at least {@link #MIN_KILLMAILS}
 * is a battle.
 */
public final class Clusters {
    /** A gap longer than this starts a new cluster, whatever came before. */
    public static final Duration GAP = Duration.ofMinutes(15);
    /** A killmail this long or longer after its cluster's first starts a new one. */
    public static final Duration LONGEST = Duration.ofHours(4);
    /** The fewest killmails of a battle. */
    public static final int MIN_KILLMAILS = 5;

    private Clusters() {
    }

    /** One killmail as clustering sees it. */
    public interface Kill {
        long killmailId();

        Instant time();
    }

    /** True when {@code next} comes more than {@link #GAP} after {@code previous}. */
    public static boolean gapBetween(Instant previous, Instant next) {
        return Duration.between(previous, next).compareTo(GAP) > 0;
    }

    /** The clusters of {@code kills}, which are one system's, in (time, id) order. */
    public static <K extends Kill> List<List<K>> of(List<K> kills) {
        List<List<K>> clusters = new ArrayList<>();
        List<K> current = null;
        K previous = null;
        for (K k : kills) {
            if (current == null || gapBetween(previous.time(), k.time())
                    || Duration.between(current.get(0).time(), k.time()).compareTo(LONGEST) >= 0) {
                current = new ArrayList<>();
                clusters.add(current);
            }
            current.add(k);
            previous = k;
        }
        return clusters;
    }

    /** The clusters of {@code kills} that are battles. */
    public static <K extends Kill> List<List<K>> battles(List<K> kills) {
        return of(kills).stream().filter(c -> c.size() >= MIN_KILLMAILS).toList();
    }
}
