package dev.evedmv.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class PartitionFunctionTest {

    @Test
    void partitionFunctionIsIdempotent(TestDatabase db) {
        try (Handle h = db.jdbi().open()) {
            boolean created = h.createQuery("SELECT evedmv_ensure_month_partition(DATE '2020-02-17')").mapTo(Boolean.class).one();
            boolean again = h.createQuery("SELECT evedmv_ensure_month_partition(DATE '2020-02-01')").mapTo(Boolean.class).one();
            assertThat(created).isTrue();
            assertThat(again).isFalse();
            String bound = h.createQuery("""
                    SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c WHERE c.relname = 'participants_2020_02'
                    """).mapTo(String.class).one();
            assertThat(bound).isEqualTo("FOR VALUES FROM ('2020-02-01 00:00:00+00') TO ('2020-03-01 00:00:00+00')");
        }
    }
}
