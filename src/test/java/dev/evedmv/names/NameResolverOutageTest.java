package dev.evedmv.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpServer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.evedmv.ops.Metrics;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** An ESI outage is logged once when it starts and once when it ends, not at every round of the worker. */
@ExtendWith(PostgresExtension.class)
class NameResolverOutageTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final long ALICE = 95_000_001L;

    private volatile boolean down = true;
    private HttpServer esi;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(NameResolver.class);

    @BeforeEach
    void start() throws IOException {
        esi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        esi.createContext("/universe/names/", x -> {
            x.getRequestBody().readAllBytes();
            byte[] body = (down ? "{\"error\":\"service unavailable\"}"
                    : "[{\"id\":" + ALICE + ",\"category\":\"character\",\"name\":\"Alice Alpha\"}]")
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(down ? 503 : 200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        esi.start();
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logs);
        esi.stop(0);
    }

    @Test
    void anOutageIsLoggedOnceThenItsRecovery(TestDatabase db) {
        EsiNames client = new EsiNames(HttpClient.newHttpClient(), "http://127.0.0.1:" + esi.getAddress().getPort(),
                "eve-dmv-test/1", d -> { }, Metrics.newRegistry());
        try (NameResolver worker = new NameResolver(db.database(), client, CLOCK, Duration.ofDays(7),
                Metrics.newRegistry())) {
            worker.enqueue(List.of(ALICE));
            for (int i = 0; i < 4; i++) {
                worker.roundQuietly();
            }
            assertThat(worker.failing()).isTrue();
            assertThat(messages(Level.WARN)).as("four failed rounds, one warning").hasSize(1)
                    .allMatch(m -> m.contains("Name resolution failed: ESI /universe/names/ answered 503"));
            assertThat(messages(Level.INFO)).isEmpty();

            down = false;
            worker.roundQuietly();
            worker.roundQuietly();
            assertThat(worker.failing()).isFalse();
            assertThat(messages(Level.INFO)).containsExactly("Name resolution works again after 4 failed rounds");
            String name = db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM names WHERE id = :id")
                    .bind("id", ALICE).mapTo(String.class).one());
            assertThat(name).isEqualTo("Alice Alpha");

            down = true;
            worker.enqueue(List.of(ALICE));
            worker.roundQuietly();
            assertThat(messages(Level.WARN)).as("a new outage is a new warning").hasSize(2);
        }
    }

    private List<String> messages(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }
}
