package dev.evedmv.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.Json;
import dev.evedmv.cli.Main;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

@ExtendWith(PostgresExtension.class)
class PerformanceStatsTest {

    @Test
    void statsListTablesAndTopStatements(TestDatabase db) throws Exception {
        db.jdbi().useHandle(h -> {
            for (int i = 0; i < 5; i++) {
                h.createQuery("SELECT count(*) FROM killmail_directory WHERE killmail_id > :id").bind("id", i)
                        .mapTo(Long.class).one();
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"stats", "--json", "--limit", "100"}, db.env(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        JsonNode stats = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(stats.path("statements").path("available").asBoolean()).isTrue();
        assertThat(stats.path("statements").path("top")).isNotEmpty();
        assertThat(stats.path("statements").path("top").toString()).contains("killmail_directory");
        assertThat(stats.path("tables").findValuesAsText("table_name")).contains("killmails", "participants", "entity_daily");
        assertThat(stats.path("pool").path("max").asInt()).isEqualTo(3);
    }

    /**
     * {@code storage}: every table once, its monthly partitions summed under its name, with its
     * heap and its indexes apart, and the bytes per stored killmail of each and of all.
     */
    @Test
    void storageGivesBytesPerKillmailTableByTablePartitionsSummedUnderTheirParent(TestDatabase db) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
        List<DerivedKillmail> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(killmail(8000 + i, (i % 2 == 0 ? "2026-10-0" : "2026-11-0") + (1 + i % 9) + "T10:00:00Z")
                    .victim(victim(95_000_001L + i, 98_000_001L, null, 587))
                    .attacker(attacker(95_100_000L + i, 98_000_002L, 99_000_001L, 587, true)).build());
        }
        new KillmailWriter(db.database(), clock).write(batch, "test", KillmailWriter.InTransaction.NOTHING);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"stats", "--json"}, db.env(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, clock);
        assertThat(code).isZero();
        JsonNode storage = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8)).path("storage");
        assertThat(storage.path("killmails").asLong()).isEqualTo(40);
        List<String> names = storage.path("tables").findValuesAsText("table_name");
        assertThat(names).contains("killmails", "killmail_payloads", "participants", "entity_daily", "killmail_directory")
                .doesNotHaveDuplicates().noneMatch(n -> n.matches(".*_\\d{4}_\\d{2}"));
        long sum = 0;
        for (JsonNode t : storage.path("tables")) {
            long total = t.path("total_bytes").asLong();
            assertThat(total).as(t.toString()).isEqualTo(t.path("table_bytes").asLong() + t.path("index_bytes").asLong());
            assertThat(t.path("bytes_per_killmail").asDouble()).as(t.toString()).isCloseTo(total / 40.0,
                    org.assertj.core.data.Offset.offset(0.051));
            sum += total;
        }
        assertThat(storage.path("total_bytes").asLong()).isEqualTo(sum);
        assertThat(storage.path("bytes_per_killmail").asDouble()).isCloseTo(sum / 40.0, org.assertj.core.data.Offset.offset(0.051));
        long participants = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT sum(pg_table_size(i.inhrelid) + pg_indexes_size(i.inhrelid))::bigint FROM pg_inherits i
                WHERE i.inhparent = 'participants'::regclass""").mapTo(Long.class).one());
        JsonNode p = null;
        for (JsonNode t : storage.path("tables")) {
            if (t.path("table_name").asText().equals("participants")) {
                p = t;
            }
        }
        assertThat(p.path("total_bytes").asLong()).as("the months of participants summed").isEqualTo(participants);
        assertThat(p.path("index_bytes").asLong()).isPositive();
    }
}
