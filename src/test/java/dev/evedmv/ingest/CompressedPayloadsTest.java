package dev.evedmv.ingest;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.Json;
import dev.evedmv.db.Migrations;
import dev.evedmv.db.PayloadCodec;
import dev.evedmv.testing.Changelog;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * killmail_payloads keeps each payload as one zstd frame of the bytes received, which reads back
 * byte for byte; migration 030 converts jsonb rows to it and its rollback converts them back.
 */
@ExtendWith(PostgresExtension.class)
class CompressedPayloadsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    /** Spacing, key order and an escape that jsonb would not keep. */
    private static final String RAW = "{\n  \"killmail_id\": 6101,  \"solar_system_id\":30000142,"
            + " \"killmail_time\":\"2026-10-03T10:00:00Z\", \"value\": 1500.25, \"zeta\": \"\\u00e9\" }";

    @Test
    void storedPayloadsAreCompressedFramesOfTheBytesReceived(TestDatabase shared) {
        TestDatabase db = shared.sibling("stored");
        write(db);
        Map<Long, byte[]> stored = payloads(db);
        assertThat(stored).hasSize(3);
        assertThat(new String(PayloadCodec.decompress(stored.get(6101L)), StandardCharsets.UTF_8)).isEqualTo(RAW);
        assertThat(stored.get(6101L)).as("compressed, not the JSON").startsWith(0x28, 0xB5, 0x2F, 0xFD);
        String type = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'killmail_payloads'::regclass "
                        + "AND attname = 'esi'").mapTo(String.class).one());
        assertThat(type).isEqualTo("bytea");
    }

    @Test
    void migration030ConvertsStoredRowsAndItsRollbackConvertsThemBack(TestDatabase shared) throws Exception {
        TestDatabase db = shared.sibling("migrated");
        write(db);
        Map<Long, byte[]> before = payloads(db);
        List<String> ids = Changelog.changesets();
        int after030 = ids.size() - ids.indexOf("030-compressed-payloads");
        Migrations migrations = new Migrations(db.database());

        // a backfilled month's partition carries the index name of the load table it was attached from
        db.jdbi().useHandle(h -> h.execute("ALTER INDEX killmail_payloads_2026_11_pkey RENAME TO killmail_payloads_2026_11_load_pkey"));
        assertThat(migrations.rollback(after030)).isEqualTo(after030);
        Map<Long, String> jsonb = db.jdbi().withHandle(h -> {
            Map<Long, String> m = new LinkedHashMap<>();
            h.createQuery("SELECT killmail_id, esi::text AS esi, esi ->> 'solar_system_id' AS system FROM killmail_payloads "
                    + "ORDER BY killmail_id").mapToMap().forEach(r -> {
                        assertThat(r.get("system")).as("jsonb the server reads").isNotNull();
                        m.put((Long) r.get("killmail_id"), (String) r.get("esi"));
                    });
            return m;
        });
        assertThat(jsonb).hasSize(3);
        for (Map.Entry<Long, String> e : jsonb.entrySet()) {
            assertThat(Json.mapper().readTree(e.getValue()))
                    .isEqualTo(Json.mapper().readTree(PayloadCodec.decompress(before.get(e.getKey()))));
        }

        migrations.migrate();
        Map<Long, byte[]> migrated = payloads(db);
        assertThat(migrated).hasSize(3);
        for (Map.Entry<Long, String> e : jsonb.entrySet()) {
            assertThat(new String(PayloadCodec.decompress(migrated.get(e.getKey())), StandardCharsets.UTF_8))
                    .as("a converted row reads back as the text the server gave for its jsonb").isEqualTo(e.getValue());
        }
        long partitions = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pg_inherits "
                + "WHERE inhparent = 'killmail_payloads'::regclass").mapTo(Long.class).one());
        assertThat(partitions).as("both months' partitions").isGreaterThanOrEqualTo(2);
    }

    private static void write(TestDatabase db) {
        new KillmailWriter(db.database(), CLOCK).write(List.of(
                killmail(6101, "2026-10-03T10:00:00Z").rawEsi(RAW).victim(victim(95_000_001L, 98_000_001L, null, 587))
                        .attacker(attacker(95_000_002L, 98_000_002L, null, 587, true)).build(),
                killmail(6102, "2026-10-04T10:00:00Z").victim(victim(95_000_003L, 98_000_001L, null, 587))
                        .attacker(attacker(95_000_002L, 98_000_002L, null, 587, true)).build(),
                killmail(6103, "2026-11-04T10:00:00Z").victim(victim(95_000_004L, 98_000_001L, null, 587))
                        .attacker(attacker(95_000_002L, 98_000_002L, null, 587, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
    }

    private static Map<Long, byte[]> payloads(TestDatabase db) {
        return db.jdbi().withHandle(h -> {
            Map<Long, byte[]> m = new LinkedHashMap<>();
            h.createQuery("SELECT killmail_id, esi FROM killmail_payloads ORDER BY killmail_id")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getBytes(2))).forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }
}
