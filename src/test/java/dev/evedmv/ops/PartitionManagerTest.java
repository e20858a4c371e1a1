package dev.evedmv.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class PartitionManagerTest {
    private static final Clock NOV_2026 = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void ensuresMonthsAheadListsThemAndFindsGaps(TestDatabase db) {
        PartitionManager pm = new PartitionManager(db.database(), NOV_2026);
        assertThat(pm.ensureAhead(3)).containsExactly(YearMonth.of(2026, 11), YearMonth.of(2026, 12),
                YearMonth.of(2027, 1), YearMonth.of(2027, 2));
        assertThat(pm.ensureAhead(3)).isEmpty();
        assertThat(pm.list()).hasSize(12)
                .anySatisfy(p -> {
                    assertThat(p.name()).isEqualTo("participants_2027_02");
                    assertThat(p.month()).isEqualTo(YearMonth.of(2027, 2));
                    assertThat(p.bounds()).contains("2027-02-01", "2027-03-01");
                });
        assertThat(pm.gaps(3)).isEmpty();

        db.jdbi().useHandle(h -> h.execute("DROP TABLE killmails_2026_12"));
        assertThat(pm.gaps(3)).containsExactly("killmails 2026-12");
        assertThat(pm.gaps(4)).contains("killmails 2027-03", "participants 2027-03");
    }
}
