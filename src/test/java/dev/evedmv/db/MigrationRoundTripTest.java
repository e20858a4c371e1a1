package dev.evedmv.db;


import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** migrate → rollback --all → migrate → rollback --count 5 → migrate leaves the catalog as the first migrate made it. */
@ExtendWith(PostgresExtension.class)
class MigrationRoundTripTest {

    /** Every catalog fact the schema consists of, one line each, sorted. */
    private static final String CATALOG = """
            SELECT 'table ' || c.relname || ' kind=' || c.relkind::text || ' partitioned_by=' || coalesce(pg_get_partkeydef(c.oid), '-')
                   || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '-') AS fact
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'databasechangelog%'
            UNION ALL
            SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || ' notnull=' || a.attnotnull || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                   || ' comment=' || coalesce(col_description(c.oid, a.attnum), '-')
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
               AND c.relname NOT LIKE 'databasechangelog%'
            UNION ALL
            SELECT CASE WHEN c.relispartition THEN 'partition-index ' ELSE 'index ' END || pg_get_indexdef(i.indexrelid) || ' comment=' || coalesce(obj_description(i.indexrelid, 'pg_class'), '-')
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relname NOT LIKE 'databasechangelog%'
            UNION ALL
            SELECT 'constraint ' || t.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
              FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'public' AND t.relname NOT LIKE 'databasechangelog%'
            UNION ALL
            SELECT 'partition ' || child.relname || ' of ' || parent.relname || ' ' || coalesce(pg_get_expr(child.relpartbound, child.oid), '-')
              FROM pg_inherits inh JOIN pg_class child ON child.oid = inh.inhrelid JOIN pg_class parent ON parent.oid = inh.inhparent
            UNION ALL
            SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') comment='
                   || coalesce(obj_description(p.oid, 'pg_proc'), '-')
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proname LIKE 'evedmv%'
            UNION ALL
            SELECT 'extension ' || extname FROM pg_extension
            ORDER BY 1
            """;

    @Test
    void rollbacksRestoreTheExactCatalog(TestDatabase db) {
        Migrations migrations = new Migrations(db.database());
        assertThat(migrations.status().upToDate()).isTrue();
        db.jdbi().useHandle(h -> h.execute("SELECT evedmv_ensure_month_partition(DATE '2026-11-01')"));
        List<String> first = catalog(db);
        assertThat(first).anyMatch(f -> f.startsWith("partition killmails_2026_11 of killmails"));
        assertThat(first).filteredOn(f -> f.startsWith("index ")).allMatch(f -> !f.endsWith("comment=-"),
                "every index carries a comment saying which query it serves");

        assertThat(migrations.rollbackAll()).isEqualTo(36);
        assertThat(catalog(db)).noneMatch(f -> f.startsWith("table ") || f.startsWith("index "));
        migrations.migrate();
        db.jdbi().useHandle(h -> h.execute("SELECT evedmv_ensure_month_partition(DATE '2026-11-01')"));
        assertThat(catalog(db)).containsExactlyElementsOf(first);

        assertThat(migrations.rollback(5)).isEqualTo(5);
        assertThat(migrations.status().pending()).hasSize(5);
        migrations.migrate();
        assertThat(catalog(db)).containsExactlyElementsOf(first);
        assertThat(migrations.status().upToDate()).isTrue();
    }

    private static List<String> catalog(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery(CATALOG).mapTo(String.class).list());
    }

    @Test
    void aMigrateThatFoundNothingToDoDoesNotMakeALaterOneSkipItsWork(TestDatabase db) {
        Migrations migrations = new Migrations(db.database());
        assertThat(migrations.migrate()).as("the schema was up to date").isZero();
        assertThat(migrations.rollbackAll()).isEqualTo(36);
        assertThat(migrations.migrate()).isEqualTo(36);
        assertThat(migrations.status().upToDate()).isTrue();
        Boolean created = db.jdbi().withHandle(h -> h.createQuery("SELECT evedmv_ensure_month_partition(DATE '2026-11-01')")
                .mapTo(Boolean.class).one());
        assertThat(created).as("the partition function is back and made the month's partitions").isTrue();
    }
}
