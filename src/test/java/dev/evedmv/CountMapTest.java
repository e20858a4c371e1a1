package dev.evedmv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountMapTest {

    @ParameterizedTest(name = "{0} distinct ids, initial capacity {1}")
    @CsvSource({"0, 4", "1, 4", "3, 4", "4, 4", "100, 4", "10000, 4", "0, 4096", "100, 100", "10000, 4096", "3, 5"})
    void countsLikeAHashMapThroughGrowth(int distinct, int capacity) {
        Random random = new Random(distinct);
        long[] ids = new long[distinct];
        for (int i = 0; i < distinct; i++) {
            // id 0 (the free-slot marker) and ids that collide modulo the table size are in the mix
            ids[i] = i == 1 ? 0 : i % 3 == 0 ? (long) i << 20 : random.nextLong();
        }
        CountMap a = capacity == 4 ? new CountMap() : new CountMap(capacity);
        Map<Long, Integer> expected = new HashMap<>();
        for (int n = 0; n < distinct * 3; n++) {
            long id = ids[random.nextInt(distinct)];
            int by = 1 + random.nextInt(3);
            a.add(id, by);
            expected.merge(id, by, Integer::sum);
        }

        Map<Long, Integer> actual = new HashMap<>();
        a.forEach((id, count) -> assertThat(actual.put(id, count)).as("id %d visited once", id).isNull());
        assertThat(actual).isEqualTo(expected);
        assertThat(a.size()).isEqualTo(expected.size());
        expected.forEach((id, count) -> assertThat(a.get(id)).isEqualTo(count));
        assertThat(a.get(42L << 40)).isZero();
    }
}
