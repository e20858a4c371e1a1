package dev.evedmv.web;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.evedmv.Json;
import dev.evedmv.api.ApiException;
import dev.evedmv.api.HttpServer;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.ingest.FeedState;
import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;

/**
 * {@code GET /api/v1/stream/killmails}: Server-Sent Events of newly stored killmails. One poller
 * for all clients asks every {@code interval} for killmails with an id above the highest seen
 * (the primary key of {@code killmail_directory}) and sends each as an event {@code killmail}
 * whose data is its JSON and whose id is its killmail id, oldest first. A new client gets the
 * last {@value #BACKLOG} first. Comments every {@value #HEARTBEAT_TICKS} polls keep idle
 * connections checked. Every {@value #FEED_TICKS} polls it also reads the live feeds' state
 * ({@link FeedState}, written by whichever process follows a feed) and, when it changed, sends it
 * as an event {@code feeds}: {@code {"feeds": [{"feed", "status", "last_success_at",
 * "failing_since", "backlog"}]}}; a new client gets the last one at once. So {@code /live} says
 * when the feed fails instead of showing a quiet page as connected. Register it before
 * {@code IntelRoutes}, whose {@code /api/v1/{kind}/{id}} would otherwise take its path.
 */
public final class KillmailStream implements HttpServer.Routes, AutoCloseable {
    public static final String PATH = HttpServer.STREAMS + "killmails";
    static final String EVENT_STREAM = "text/event-stream";
    static final int BACKLOG = 20;
    /** At most this many new killmails per poll; a burst beyond it shows its newest. */
    static final int POLL_LIMIT = 200;
    static final int HEARTBEAT_TICKS = 15;
    static final int FEED_TICKS = 5;
    private static final Logger log = LoggerFactory.getLogger(KillmailStream.class);
    private static final NamedSql NEWEST = NamedSql.load(KillmailStream.class, "newest_killmails");

    private final Database database;
    private final Duration interval;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final Deque<Event> recent = new ArrayDeque<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "killmail-stream");
        t.setDaemon(true);
        return t;
    });
    private long lastId = -1;
    private long ticks;
    private boolean failing;
    /** The last feeds event sent, null before the first read. */
    private String feeds;

    public KillmailStream(Database database, Duration interval) {
        this.database = database;
        this.interval = interval;
    }

    /** Polls every second. */
    public KillmailStream(Database database) {
        this(database, Duration.ofSeconds(1));
    }

    private record Event(long killmailId, String json) {
    }

    @Override
    public void register(Javalin app) {
        // Javalin's stream handler answers only this exact Accept and leaves any other an empty 200
        app.before(PATH, ctx -> {
            if (!EVENT_STREAM.equals(ctx.header("Accept"))) {
                throw new ApiException(400, "not an event stream", "this endpoint answers Server-Sent Events: "
                        + "send Accept: text/event-stream (as EventSource does)");
            }
        });
        app.sse(PATH, client -> {
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            synchronized (this) {
                for (Event e : recent) {
                    send(client, e);
                }
                if (feeds != null && !client.terminated()) {
                    client.sendEvent("feeds", feeds);
                }
                clients.add(client);
            }
        });
        app.events(events -> events.serverStopping(this::close));
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        if (ticks % FEED_TICKS == 0) {
            pollFeeds();
        }
        List<Event> fresh;
        try {
            long after = lastId < 0 ? 0 : lastId;
            int limit = lastId < 0 ? BACKLOG : POLL_LIMIT;
            fresh = database.jdbi().withHandle(h -> NEWEST.query(h)
                    .bind("after_id", after)
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Event(rs.getLong("killmail_id"), rs.getString("document")))
                    .list());
            if (failing) {
                log.info("Live killmail stream reads the database again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Live killmail stream cannot read new killmails: {}", e.getMessage());
                failing = true;
            }
            return;
        }
        List<Event> oldestFirst = new ArrayList<>(fresh);
        Collections.reverse(oldestFirst);
        synchronized (this) {
            if (lastId < 0) {
                lastId = 0;
            }
            for (Event e : oldestFirst) {
                lastId = Math.max(lastId, e.killmailId());
                recent.addLast(e);
                if (recent.size() > BACKLOG) {
                    recent.removeFirst();
                }
                for (SseClient client : clients) {
                    send(client, e);
                }
            }
            if (++ticks % HEARTBEAT_TICKS == 0) {
                for (SseClient client : clients) {
                    if (!client.terminated()) {
                        client.sendComment("heartbeat");
                    }
                }
            }
            clients.removeIf(SseClient::terminated);
        }
    }

    private void pollFeeds() {
        String now;
        try {
            List<Map<String, Object>> states = database.jdbi().withHandle(FeedState::all).stream()
                    .map(FeedState::toPublicJson).toList();
            now = Json.mapper().writeValueAsString(Map.of("feeds", states));
        } catch (RuntimeException | JsonProcessingException e) {
            log.debug("Live killmail stream cannot read the feeds' state", e);
            return;
        }
        synchronized (this) {
            if (now.equals(feeds)) {
                return;
            }
            feeds = now;
            for (SseClient client : clients) {
                if (!client.terminated()) {
                    client.sendEvent("feeds", now);
                }
            }
        }
    }

    /** Sends unless the client has gone (a failed send marks it terminated; Javalin warns of each send after). */
    private static void send(SseClient client, Event e) {
        if (client.terminated()) {
            return;
        }
        client.sendEvent("killmail", e.json(), Long.toString(e.killmailId()));
    }

    /** Stops polling and ends every open stream, so that the server can stop at once. */
    @Override
    public void close() {
        poller.shutdownNow();
        synchronized (this) {
            for (SseClient client : clients) {
                client.close();
            }
            clients.clear();
        }
    }
}
