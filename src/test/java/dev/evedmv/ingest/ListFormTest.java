package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.CountMap;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The top-list columns and the kills by hour of {@code entity_daily} have one text form, written by Java
 * (RollupDeltas, ingest) and by SQL ({@code evedmv_list_of_counts} and {@code evedmv_hour_list}: verify and
 * rederive recompute it; {@code evedmv_list_add}: the upserts): both give it for the same counts, so that rows
 * compare equal, and adding or taking away counts keeps it.
 */
@ExtendWith(PostgresExtension.class)
class ListFormTest {
    private final TestDatabase db;

    ListFormTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void javaAndSqlWriteTheSameForm() {
        Random random = new Random(11);
        try (Handle h = db.jdbi().open()) {
            for (int i = 0; i < 60; i++) {
                CountMap counts = new CountMap();
                TreeMap<Long, Integer> expected = new TreeMap<>();
                for (int k = random.nextInt(8); k > 0; k--) {
                    // ship types, systems, characters and group keys (id * 10 + kind) alike
                    long id = switch (random.nextInt(4)) {
                        case 0 -> 582 + random.nextInt(90_000);
                        case 1 -> 30_000_000 + random.nextInt(5_000);
                        case 2 -> 90_000_000L + random.nextInt(2_100_000_000);
                        default -> (98_000_000L + random.nextInt(1_000_000)) * 10 + 2;
                    };
                    int by = 1 + (random.nextBoolean() ? 0 : random.nextInt(40));
                    counts.add(id, by);
                    expected.merge(id, by, Integer::sum);
                }
                StringBuilder json = new StringBuilder("{");
                expected.forEach((id, n) -> json.append(json.length() > 1 ? "," : "").append('"').append(id).append("\":").append(n));
                String object = json.append('}').toString();
                String java = RollupDeltas.list(counts);
                String sql = h.createQuery("SELECT evedmv_list_of_counts(CAST(:json AS jsonb))")
                        .bind("json", object).mapTo(String.class).one();
                assertThat(java).as(object).isEqualTo(sql);
                assertThat(h.createQuery("SELECT evedmv_list_counts(:list) = CAST(:json AS jsonb)").bind("list", java)
                        .bind("json", object).mapTo(Boolean.class).one()).as("read back: %s", java).isTrue();
            }
        }
        assertThat(RollupDeltas.list(null)).isEmpty();
        CountMap one = new CountMap();
        one.add(587, 1);
        one.add(11567, 2);
        one.add(603, 1);
        assertThat(RollupDeltas.list(one)).isEqualTo("587,603,11567:2");
    }

    @Test
    void javaAndSqlWriteTheSameHours() {
        List<int[]> days = new ArrayList<>();
        days.add(new int[24]);
        days.add(hours(0));
        days.add(hours(23));
        days.add(hours(17));
        days.add(hours(3, 3, 20));
        int[] everyHour = new int[24];
        Arrays.fill(everyHour, 7);
        days.add(everyHour);
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            int[] day = new int[24];
            for (int k = random.nextInt(6); k > 0; k--) {
                day[random.nextInt(24)] += 1 + random.nextInt(3);
            }
            days.add(day);
        }
        try (Handle h = db.jdbi().open()) {
            for (int[] day : days) {
                String full = Arrays.toString(day).replace('[', '{').replace(']', '}').replace(" ", "");
                String java = RollupDeltas.hourList(day);
                assertThat(java).as(full).isEqualTo(h.createQuery("SELECT evedmv_hour_list(CAST(:full AS integer[]))")
                        .bind("full", full).mapTo(String.class).one());
                for (int hour = 0; hour < 24; hour++) {
                    long read = h.createQuery("SELECT coalesce(sum(n), 0) FROM evedmv_list_entries(:list) WHERE id = :hour")
                            .bind("list", java).bind("hour", hour).mapTo(Long.class).one();
                    assertThat(read).as("%s hour %d", java, hour).isEqualTo(day[hour]);
                }
            }
        }
        assertThat(RollupDeltas.hourList(hours(17))).isEqualTo("17");
        assertThat(RollupDeltas.hourList(hours(3, 3, 20))).isEqualTo("3:2,20");
        assertThat(RollupDeltas.hourList(new int[24])).isEmpty();
    }

    @Test
    void sumsAndDifferencesKeepTheForm() {
        try (Handle h = db.jdbi().open()) {
            assertThat(text(h, "evedmv_list_add('587,11567:2', '603,11567')")).isEqualTo("587,603,11567:3");
            assertThat(text(h, "evedmv_list_add('', '587')")).isEqualTo("587");
            assertThat(text(h, "evedmv_list_add('587', '')")).isEqualTo("587");
            assertThat(text(h, "evedmv_list_add('', '')")).isEmpty();
            // ids ascend as numbers, not as text
            assertThat(text(h, "evedmv_list_add('30000142', '9')")).isEqualTo("9,30000142");
            // a difference drops the ids whose count falls to 0, and keeps negative ones (a rederive's delta)
            assertThat(text(h, "evedmv_list_add('587,603,11567:3', '603,11567', -1)")).isEqualTo("587,11567:2");
            assertThat(text(h, "evedmv_list_add('587', '587', -1)")).isEmpty();
            assertThat(text(h, "evedmv_list_add('', '587:2', -1)")).isEqualTo("587:-2");
            assertThat(text(h, "evedmv_list_add('587,603', '587:-1')")).isEqualTo("603");
            assertThat(text(h, "evedmv_list_of_counts('{\"587\": 0, \"603\": 1}')")).isEqualTo("603");
            assertThat(text(h, "evedmv_list_sum(ARRAY['587,603', '', '603:4'])::text")).isEqualTo("{\"587\": 1, \"603\": 5}");
            assertThat(text(h, "(SELECT count(*) FROM evedmv_list_entries(''))::text")).isEqualTo("0");
            // hours are ids like any other: hour 0 sorts first
            assertThat(text(h, "evedmv_list_add('17', '0,3:2')")).isEqualTo("0,3:2,17");
            assertThat(text(h, "evedmv_list_add('0,3:2,17', '3:2', -1)")).isEqualTo("0,17");
        }
    }

    private static int[] hours(int... killHours) {
        int[] day = new int[24];
        for (int hour : killHours) {
            day[hour]++;
        }
        return day;
    }

    private static String text(Handle h, String expression) {
        return h.createQuery("SELECT " + expression).mapTo(String.class).one();
    }
}
