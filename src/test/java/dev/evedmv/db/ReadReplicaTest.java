package dev.evedmv.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.health.Health;
import dev.evedmv.health.Readiness;
import dev.evedmv.ops.HealthChecks;
import dev.evedmv.ops.Metrics;

/**
 * A real streaming replica made from the embedded binaries: reads go to it, fall back to the
 * primary while it is down, and return when it is back.
 */
class ReadReplicaTest {
    @TempDir
    Path home;

    private static boolean inRecovery(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT pg_is_in_recovery()").mapTo(Boolean.class).one());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                String name = p.getFileName().toString();
                if (name.equals("postmaster.pid") || name.equals("postmaster.opts")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void readsUseTheReplicaFallBackWhileItIsDownAndReturn() throws Exception {
        Path primaryRoot = home.resolve("primary");
        Path replicaRoot = home.resolve("replica");
        EmbeddedServer primary = EmbeddedServer.attachOrStart(primaryRoot, EmbeddedServer.Options.forTests());
        EmbeddedServer replicaServer = null;
        try {
            Path hba = primary.dataDirectory().resolve("pg_hba.conf");
            if (!Files.readString(hba).contains("host    replication     all             127.0.0.1/32")) {
                Files.writeString(hba, "\nhost replication all 127.0.0.1/32 trust\n", StandardOpenOption.APPEND);
            }
            int primaryPort = primary.port();
            primary.close();

            Files.createDirectories(replicaRoot);
            copyTree(primaryRoot.resolve("data"), replicaRoot.resolve("data"));
            Files.writeString(replicaRoot.resolve("data/standby.signal"), "");
            Files.writeString(replicaRoot.resolve("data/postgresql.auto.conf"),
                    "\nprimary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=postgres'\n",
                    StandardOpenOption.APPEND);

            primary = EmbeddedServer.attachOrStart(primaryRoot, EmbeddedServer.Options.forTests());
            replicaServer = EmbeddedServer.attachOrStart(replicaRoot, EmbeddedServer.Options.forTests());
            EveDmvConfig config = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(),
                    "EVEDMV_DB_URL", primary.jdbcUrl() + "?user=postgres",
                    "EVEDMV_REPLICA_URL", replicaServer.jdbcUrl() + "?user=postgres",
                    "EVEDMV_POOL_SIZE", "1", "EVEDMV_CONNECTION_TIMEOUT", "1s"));
            try (Database db = Database.open("primary", DatabaseUrls.toJdbc(config.databaseUrl().orElseThrow()),
                    config, Metrics.newRegistry());
                 Databases routing = Databases.open(db, config, Metrics.newRegistry(), Clock.systemUTC())) {
                db.jdbi().useHandle(h -> h.execute("CREATE TABLE probe AS SELECT 42 AS answer"));
                awaitOnReplica(routing);
                awaitReplayed(db, routing);
                assertThat(inRecovery(routing.reader())).as("reads served by the standby").isTrue();
                assertThat(inRecovery(routing.writer())).isFalse();
                int answer = routing.reader().jdbi().withHandle(h -> h.createQuery("SELECT answer FROM probe")
                        .mapTo(Integer.class).one());
                assertThat(answer).as("the write streamed to the replica").isEqualTo(42);

                replicaServer.close();
                replicaServer = null;
                Databases.ReplicaStatus down = routing.check();
                assertThat(down.onReplica()).isFalse();
                assertThat(down.describe()).contains("fallback", "unreachable");
                assertThat(inRecovery(routing.reader())).as("reads fall back to the primary").isFalse();
                assertThat(replicaCheck(db, routing).status()).isEqualTo(Health.Status.WARN);
                assertThat(replicaCheck(db, routing).detail()).startsWith("reads on the primary (fallback): replica unreachable");

                replicaServer = EmbeddedServer.attachOrStart(replicaRoot, EmbeddedServer.Options.forTests());
                awaitOnReplica(routing);
                assertThat(inRecovery(routing.reader())).as("reads return to the replica").isTrue();
                assertThat(routing.status().describe()).contains("reads on the replica, lag");
                assertThat(replicaCheck(db, routing).status()).isEqualTo(Health.Status.OK);
            }
        } finally {
            if (replicaServer != null) {
                replicaServer.close();
            }
            primary.close();
        }
    }

    private static Health.Check replicaCheck(Database db, Databases routing) {
        return new HealthChecks(db, new Readiness(db, List.of()), Clock.systemUTC(), HealthChecks.Thresholds.DEFAULT)
                .withReplica(routing).run().checks().stream().filter(c -> c.name().equals("replica")).findFirst()
                .orElseThrow();
    }

    private static void awaitOnReplica(Databases routing) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Databases.ReplicaStatus s = routing.check();
        while (!s.onReplica() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            s = routing.check();
        }
        assertThat(s.onReplica()).as(s.describe()).isTrue();
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    private static void awaitReplayed(Database primary, Databases routing) throws InterruptedException {
        String written = primary.jdbi().withHandle(h -> h.createQuery("SELECT pg_current_wal_lsn()::text")
                .mapTo(String.class).one());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean replayed = false;
        while (!replayed && System.nanoTime() < deadline) {
            replayed = routing.reader().jdbi().withHandle(h -> h.createQuery(
                    "SELECT coalesce(pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn), false)")
                    .bind("lsn", written).mapTo(Boolean.class).one());
            if (!replayed) {
                Thread.sleep(200);
            }
        }
        assertThat(replayed).as("the standby replayed up to %s", written).isTrue();
    }

    @Test
    void routingLeavesALaggingOrUnknownReplica() {
        Instant now = Instant.parse("2026-11-27T00:00:00Z");
        assertThat(Databases.route(true, 0.0, Duration.ofSeconds(5), now).onReplica()).isTrue();
        assertThat(Databases.route(true, 4.9, Duration.ofSeconds(5), now).onReplica()).isTrue();
        assertThat(Databases.route(true, 6.0, Duration.ofSeconds(5), now).describe()).contains("lags 6.0 s");
        assertThat(Databases.route(true, null, Duration.ofSeconds(5), now).onReplica()).isFalse();
        assertThat(Databases.route(false, 0.0, Duration.ofSeconds(5), now).onReplica()).isFalse();
    }
}
