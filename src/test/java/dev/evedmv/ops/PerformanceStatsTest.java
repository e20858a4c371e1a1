package dev.evedmv.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.Json;
import dev.evedmv.cli.Main;
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
}
