package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * {@code entity_daily.hourly_kills} has one form, written by Java (RollupDeltas, ingest) and by SQL
 * ({@code evedmv_hour_counts}: verify, rederive, upserts): both give it for the same counts, so that
 * rows compare equal, and adding or taking away counts keeps it.
 */
@ExtendWith(PostgresExtension.class)
class HourCountsTest {
    private final TestDatabase db;

    HourCountsTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void javaAndSqlWriteTheSameForm() {
        List<int[]> days = new ArrayList<>();
        days.add(new int[24]);
        days.add(hours(0));
        days.add(hours(23));
        days.add(hours(17));
        days.add(hours(3, 20, 20));
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
                String java = RollupDeltas.hourCounts(day);
                String sql = h.createQuery("SELECT evedmv_hour_counts(CAST(:full AS integer[]))::text")
                        .bind("full", full).mapTo(String.class).one();
                assertThat(h.createQuery("SELECT CAST(:java AS integer[])::text").bind("java", java)
                        .mapTo(String.class).one()).as(full).isEqualTo(sql);
                for (int hour = 0; hour < 24; hour++) {
                    Integer read = h.createQuery("SELECT coalesce((CAST(:java AS integer[]))[:subscript], 0)")
                            .bind("java", java).bind("subscript", hour + 1).mapTo(Integer.class).one();
                    assertThat(read).as("%s hour %d", java, hour).isEqualTo(day[hour]);
                }
            }
        }
    }

    @Test
    void sumsAndDifferencesKeepTheForm() {
        try (Handle h = db.jdbi().open()) {
            assertThat(text(h, "evedmv_hour_counts('[18:18]={1}', '[4:5]={2,1}')"))
                    .isEqualTo("[4:18]={2,1,0,0,0,0,0,0,0,0,0,0,0,0,1}");
            assertThat(text(h, "evedmv_hour_counts('[4:18]={2,1,0,0,0,0,0,0,0,0,0,0,0,0,1}', '[4:5]={2,1}', -1)"))
                    .isEqualTo("[18:18]={1}");
            assertThat(text(h, "evedmv_hour_counts('[18:18]={1}', '[18:18]={1}', -1)")).isEqualTo("{}");
            assertThat(text(h, "evedmv_hour_counts('{}', '{}')")).isEqualTo("{}");
            assertThat(text(h, "evedmv_hour_counts('{1,0,0}', '[24:24]={3}')"))
                    .isEqualTo("{1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,3}");
            // a delta may take away kills of hours that the row keeps at both ends
            assertThat(text(h, "evedmv_hour_counts('[2:6]={1,0,0,0,2}', '[2:2]={1}', -1)")).isEqualTo("[6:6]={2}");
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
        return h.createQuery("SELECT (" + expression + ")::text").mapTo(String.class).one();
    }
}
