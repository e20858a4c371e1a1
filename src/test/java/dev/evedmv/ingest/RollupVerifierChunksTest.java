package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.cli.Main;
import dev.evedmv.db.Database;
import dev.evedmv.db.EmbeddedServer;
import dev.evedmv.testing.GeneratedKillmails;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * {@code db verify} walks the days in chunks of a bounded number of killmails, each on a
 * connection borrowed for that chunk alone, and says so chunk by chunk.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupVerifierChunksTest {
    private static final LocalDate FROM = LocalDate.of(2025, 3, 22);
    private static final LocalDate TO = LocalDate.of(2025, 3, 30);
    private static final int KILLMAILS = 1_800;

    @BeforeAll
    void importOneMonth(TestDatabase db, @TempDir Path dir) {
        assertThat(GeneratedKillmails.importInto(db, dir, KILLMAILS, 11, FROM, TO)).isEqualTo(KILLMAILS);
    }

    @Test
    void everyChunkHoldsAtMostTheLimitAndBorrowsItsOwnConnection(TestDatabase db) {
        // leak detection at HikariCP's smallest threshold, on a pool of its own whose borrows are measured
        Map<String, String> env = new HashMap<>(db.env());
        env.put("EVEDMV_POOL_LEAK_DETECTION", "2s");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ListAppender<ILoggingEvent> leaks = new ListAppender<>();
        Logger leakLog = (Logger) LoggerFactory.getLogger("com.zaxxer.hikari.pool.ProxyLeakTask");
        leaks.start();
        leakLog.addAppender(leaks);
        List<RollupVerifier.Chunk> chunks = new ArrayList<>();
        long borrows;
        try (Database pool = Database.open("verify", new DatabaseUrls.JdbcTarget(db.server().jdbcUrl(db.name()),
                EmbeddedServer.SUPERUSER, ""), EveDmvConfig.from(env), registry)) {
            assertThat(new RollupVerifier(pool, 300).verify((done, total, chunk, took) -> {
                assertThat(done).isEqualTo(chunks.size() + 1);
                chunks.add(chunk);
            })).isEmpty();
            // the pool's meters go with it
            borrows = registry.get("hikaricp.connections.usage").tag("pool", "verify").timer().count();
        } finally {
            leakLog.detachAppender(leaks);
        }

        assertThat(chunks.stream().mapToLong(RollupVerifier.Chunk::killmails).sum()).isEqualTo(KILLMAILS);
        assertThat(chunks).as("9 days of about 200 killmails, at most 300 a chunk").hasSize(9)
                .allMatch(c -> c.killmails() <= 300)
                .allMatch(c -> YearMonth.from(c.from()).equals(YearMonth.from(c.until().minusDays(1))));
        assertThat(chunks.get(0).from()).isEqualTo(FROM);
        assertThat(chunks.get(chunks.size() - 1).until()).isEqualTo(TO.plusDays(1));
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).from()).as("chunks in order, none twice").isEqualTo(chunks.get(i - 1).until());
        }
        assertThat(borrows).as("a connection borrowed and given back per chunk, none held for the whole walk")
                .isGreaterThanOrEqualTo(chunks.size());
        assertThat(leaks.list).as("no connection held past the leak threshold").isEmpty();
    }

    @Test
    void aRollupRowOnADayWithoutKillmailsIsStillFound(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("INSERT INTO entity_daily (entity_kind, entity_id, day, npc, kills) "
                + "VALUES (2, 98000001, '2025-04-10', false, 1)"));
        try {
            List<RollupVerifier.Difference> differences = new RollupVerifier(db.database(), 300).verify();
            assertThat(differences).singleElement().satisfies(d -> {
                assertThat(d.table()).isEqualTo("entity_daily");
                assertThat(d.month()).isEqualTo(LocalDate.of(2025, 4, 1));
                assertThat(d.unexpected()).isEqualTo(1);
                assertThat(d.missingOrWrong()).isZero();
            });
        } finally {
            db.jdbi().useHandle(h -> h.execute("DELETE FROM entity_daily WHERE day = '2025-04-10'"));
        }
    }

    @Test
    void theCommandPrintsALinePerChunkOnTheErrorStream(TestDatabase db) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Main.execute(new String[] {"db", "verify"}, db.env(),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("entity_daily: ").endsWith("every derived table equals a recomputation\n");
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .matches("verify: 1/1 2025-03-22\\.\\.2025-03-30, 1,800 killmails, \\d+\\.\\d s");
    }
}
