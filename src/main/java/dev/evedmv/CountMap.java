package dev.evedmv;

/**
 * Counts by {@code long} id, open-addressed without boxing: the top-list counts of one rollup row
 * (a text list of entity_daily), of which a month's backfill holds millions, and a character's
 * associates, hundreds of thousands of pairs for the busiest. Id 0 (which marks a free slot) is
 * counted on the side.
 */
public final class CountMap {
    private static final int EMPTY_CAPACITY = 4;

    private long[] keys;
    private int[] counts;
    private int size;
    private boolean hasZero;
    private int zeroCount;

    public CountMap() {
        this(EMPTY_CAPACITY);
    }

    /** A map with room for {@code capacity} slots (rounded up to a power of two) before it first grows. */
    public CountMap(int capacity) {
        int slots = Integer.highestOneBit(Math.max(capacity, EMPTY_CAPACITY) - 1) << 1;
        keys = new long[slots];
        counts = new int[slots];
    }

    @FunctionalInterface
    public interface Visitor {
        void visit(long id, int count);
    }

    public void add(long id, int by) {
        if (id == 0) {
            size += hasZero ? 0 : 1;
            hasZero = true;
            zeroCount += by;
            return;
        }
        int mask = keys.length - 1;
        int i = slot(id, mask);
        while (keys[i] != 0) {
            if (keys[i] == id) {
                counts[i] += by;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = id;
        counts[i] = by;
        if (++size * 4 > keys.length * 3) { // load factor 3/4 (the zero slot counted too: grows a little early)
            grow();
        }
    }

    public int size() {
        return size;
    }

    /** Visits every id with its count, in no particular order. */
    public void forEach(Visitor visitor) {
        if (hasZero) {
            visitor.visit(0, zeroCount);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                visitor.visit(keys[i], counts[i]);
            }
        }
    }

    public int get(long id) {
        if (id == 0) {
            return zeroCount;
        }
        int mask = keys.length - 1;
        for (int i = slot(id, mask); keys[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == id) {
                return counts[i];
            }
        }
        return 0;
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        size = hasZero ? 1 : 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                add(oldKeys[i], oldCounts[i]);
            }
        }
    }
}
