package dev.evedmv.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.health.Health.Check;
import dev.evedmv.intel.MonthlyLists;
import dev.evedmv.intel.TopRankings;

/**
 * The materialized top lists ({@code top_entities_7d}, {@code top_entities_30d}): refreshes them
 * with {@code REFRESH … CONCURRENTLY} (readers never wait) under a session advisory lock, so two
 * processes never refresh at once, and records when each was refreshed for the health check.
 * Under the same lock, on the same connection, it rebuilds the {@link TopRankings} that a new day
 * or a late killmail made stale, and the {@link MonthlyLists} that a newly settled day or a late
 * killmail made stale.
 */
public final class MaterializedViews implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MaterializedViews.class);
    public static final List<String> VIEWS = List.of("top_entities_7d", "top_entities_30d");
    /** How long one refresh may spend building monthly lists (it finishes the one it started). */
    static final Duration MONTHLY_LISTS_BUDGET = Duration.ofSeconds(20);
    private static final NamedSql TRY_LOCK = NamedSql.load(MaterializedViews.class, "matview_try_lock");
    private static final NamedSql UNLOCK = NamedSql.load(MaterializedViews.class, "matview_unlock");
    private static final NamedSql RECORD = NamedSql.load(MaterializedViews.class, "matview_record");
    private static final NamedSql AGES = NamedSql.load(MaterializedViews.class, "matview_ages");
    private static final List<NamedSql> REFRESH = VIEWS.stream()
            .map(v -> NamedSql.of("ops.refresh_" + v, "REFRESH MATERIALIZED VIEW CONCURRENTLY " + v)).toList();

    /**
     * Looks for stale monthly lists once a UTC day (one index-only range per kind and month; the
     * current month's settled days grow by one a day), and at every refresh while the last one
     * left some unbuilt. A monthly list made stale in between is only not read: summaries check
     * each month's row against the daily rows.
     */
    private synchronized void refreshMonthlyLists(Handle h, LocalDate today) {
        if (today.equals(monthlyListsCheckedOn) && !monthlyListsLeft) {
            return;
        }
        MonthlyLists.Refresh r = MonthlyLists.refreshStale(h, today, MONTHLY_LISTS_BUDGET);
        monthlyListsCheckedOn = today;
        monthlyListsLeft = r.left() > 0;
    }

    /** A view's last refresh. */
    public record Age(String view, Instant refreshedAt, long durationMs, double ageSeconds) {
    }

    private final Database database;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private LocalDate monthlyListsCheckedOn;
    private boolean monthlyListsLeft;

    public MaterializedViews(Database database) {
        this(database, Clock.systemUTC());
    }

    /** {@code clock} says which UTC day it is, for the rankings. */
    public MaterializedViews(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Refreshes every view, stale ranking and stale monthly list unless another process holds the
     * lock; true when this call refreshed them.
     */
    public boolean refresh() {
        try (Handle h = database.jdbi().open()) {
            if (!TRY_LOCK.query(h).mapTo(Boolean.class).one()) {
                log.debug("Another process is refreshing the materialized views");
                return false;
            }
            try {
                for (int i = 0; i < VIEWS.size(); i++) {
                    long t0 = System.nanoTime();
                    REFRESH.get(i).update(h).execute();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    RECORD.update(h).bind("view", VIEWS.get(i)).bind("durationMs", ms).execute();
                }
                LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
                TopRankings.refreshStale(h, today);
                refreshMonthlyLists(h, today);
                return true;
            } finally {
                UNLOCK.query(h).mapTo(Boolean.class).one();
            }
        }
    }

    public List<Age> ages() {
        return database.jdbi().withHandle(h -> AGES.query(h).map((rs, ctx) -> new Age(rs.getString("view_name"),
                rs.getTimestamp("refreshed_at").toInstant(), rs.getLong("duration_ms"), rs.getDouble("age_seconds")))
                .list());
    }

    /** Ok while every view is younger than three refresh intervals, else warn. */
    public Check check(Duration interval) {
        List<String> stale = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Age a : ages()) {
            String line = String.format(Locale.ROOT, "%s refreshed %.0f s ago in %d ms", a.view(), a.ageSeconds(),
                    a.durationMs());
            all.add(line);
            if (a.ageSeconds() > 3.0 * interval.toSeconds()) {
                stale.add(line);
            }
        }
        if (all.size() < VIEWS.size()) {
            return Check.warn("materialized_views", "never refreshed: " + VIEWS + " has " + all.size() + " recorded");
        }
        return stale.isEmpty() ? Check.ok("materialized_views", String.join("; ", all))
                : Check.warn("materialized_views", "older than 3 refresh intervals (" + interval + "): "
                        + String.join("; ", stale));
    }

    /** Refreshes now and then every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "matview-refresh");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("Refreshing the materialized views failed: {}", e.getMessage());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
