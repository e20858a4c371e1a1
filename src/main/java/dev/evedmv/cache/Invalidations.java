package dev.evedmv.cache;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Victim;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Announces, inside an ingest transaction, the entities its new killmails touched:
 * {@code pg_notify} on {@value #CHANNEL}, which PostgreSQL delivers only if the transaction commits.
 *
 * <p>Payload: {@code <epoch millis> <code:id>,<code:id>,…}, chunked to stay under PostgreSQL's
 * 8000-byte limit; a batch touching more than {@value #FLUSH_ABOVE} entities sends
 * {@code <epoch millis> *} (flush everything) instead of many chunks.
 */
public final class Invalidations {
    public static final String CHANNEL = "evedmv_invalidate";
    public static final String FLUSH_ALL = "*";
    static final int FLUSH_ABOVE = 4_000;
    static final int MAX_PAYLOAD = 7_900;

    private static final NamedSql NOTIFY = NamedSql.of("cache.notify_invalidate",
            "SELECT pg_notify('" + CHANNEL + "', :payload)");

    private final Clock clock;
    private final Counter sent;

    public Invalidations(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.sent = Counter.builder("evedmv_cache_invalidations_sent").description("invalidation notifications sent by ingest")
                .register(registry);
    }

    /** Notifies, in {@code h}'s transaction, the entities {@code fresh} (the batch's new killmails) touched. */
    public void announce(Handle h, Collection<DerivedKillmail> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        for (String payload : payloads(touched(fresh), clock.millis())) {
            NOTIFY.query(h).bind("payload", payload).mapTo(String.class).one();
            sent.increment();
        }
    }

    /**
     * Notifies, in {@code h}'s transaction, that every answer may have changed: every cache is flushed.
     */
    public void announceAll(Handle h) {
        NOTIFY.query(h).bind("payload", clock.millis() + " " + FLUSH_ALL).mapTo(String.class).one();
        sent.increment();
    }

    static Set<Entity> touched(Collection<DerivedKillmail> killmails) {
        Set<Entity> out = new LinkedHashSet<>();
        for (DerivedKillmail d : killmails) {
            Victim v = d.killmail().victim();
            add(out, EntityKind.CHARACTER, v.characterId());
            add(out, EntityKind.CORPORATION, v.corporationId());
            add(out, EntityKind.ALLIANCE, v.allianceId());
            add(out, EntityKind.SHIP, v.shipTypeId());
            for (Attacker a : d.killmail().attackers()) {
                add(out, EntityKind.CHARACTER, a.characterId());
                add(out, EntityKind.CORPORATION, a.corporationId());
                add(out, EntityKind.ALLIANCE, a.allianceId());
                add(out, EntityKind.SHIP, a.shipTypeId());
            }
            add(out, EntityKind.SYSTEM, d.killmail().solarSystemId());
            add(out, EntityKind.REGION, d.regionId());
        }
        return out;
    }

    private static void add(Set<Entity> out, EntityKind kind, Number id) {
        if (id != null) {
            out.add(new Entity(kind, id.longValue()));
        }
    }

    static List<String> payloads(Set<Entity> touched, long nowMillis) {
        String head = nowMillis + " ";
        if (touched.size() > FLUSH_ABOVE) {
            return List.of(head + FLUSH_ALL);
        }
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder(head);
        for (Entity e : touched) {
            String item = e.encode();
            if (b.length() + item.length() + 1 > MAX_PAYLOAD) {
                out.add(b.toString());
                b = new StringBuilder(head);
            }
            if (b.length() > head.length()) {
                b.append(',');
            }
            b.append(item);
        }
        out.add(b.toString());
        return out;
    }

    /** A received payload: when it was sent and what it touched (empty with {@code all}). */
    public record Message(long sentMillis, boolean all, Set<Entity> touched) {
        public static Message parse(String payload) {
            int space = payload.indexOf(' ');
            long sent = Long.parseLong(payload.substring(0, space));
            String rest = payload.substring(space + 1);
            if (rest.equals(FLUSH_ALL)) {
                return new Message(sent, true, Set.of());
            }
            Set<Entity> touched = new LinkedHashSet<>();
            for (String item : rest.split(",")) {
                touched.add(Entity.decode(item));
            }
            return new Message(sent, false, touched);
        }
    }
}
