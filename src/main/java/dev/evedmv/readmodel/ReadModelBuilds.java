package dev.evedmv.readmodel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.MonthlyLists;
import dev.evedmv.intel.TopRankings;

/**
 * Builds the derived tables that are built ahead of time rather than at ingest: the
 * {@link TopRankings} that a new day or a write without logging made stale, and the
 * {@link MonthlyLists} (with their daily heads) that a newly settled day or a late killmail made
 * stale. Until they are built, answers stay exact but take the slow path: a top list of a stale
 * kind is counted whole, a summary reads a stale month day by day; {@link #status()} says so.
 *
 * <p>Two ways to run: {@link #start} in {@code serve}, a turn at start and then every interval
 * (monthly lists for up to {@value #MONTHLY_LISTS_BUDGET_SECONDS} s a turn, the next turn at once
 * while some are left), and {@link #buildAll} at the end of {@code import} and {@code db rederive},
 * everything stale to completion. Both hold a session advisory lock, so two processes never build
 * at once.
 */
public final class ReadModelBuilds implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadModelBuilds.class);
    static final int MONTHLY_LISTS_BUDGET_SECONDS = 20;
    /** How long one background turn may spend building monthly lists (it finishes the month it started). */
    static final Duration MONTHLY_LISTS_BUDGET = Duration.ofSeconds(MONTHLY_LISTS_BUDGET_SECONDS);
    /** How often {@link #buildAll} asks again for the lock that another process holds. */
    static final Duration LOCK_RETRY = Duration.ofSeconds(1);
    /** How long {@link #status()} reuses a look at the monthly lists it made itself (about a second at millions). */
    static final Duration STATUS_LOOK_MAX_AGE = Duration.ofMinutes(1);
    private static final NamedSql TRY_LOCK = NamedSql.load(ReadModelBuilds.class, "builds_try_lock");
    private static final NamedSql UNLOCK = NamedSql.load(ReadModelBuilds.class, "builds_unlock");
    /**
     * The lock is held on a connection outside the pool, for as long as the builds run (minutes at
     * ten million): the pool's leak detection would report it as a leak, and it would keep a
     * connection from answers.
     */
    private static final String LOCK_HOLDER = "read model builds";
    /** Each build of {@link #buildAll} on a connection outside the pool too, for the same reasons. */
    private static final String BUILDER = "read model build";
    private static final NamedSql KINDS_WITH_DAYS = NamedSql.load(ReadModelBuilds.class, "kinds_with_days");

    /** Told each build as it begins and ends, for a progress line. */
    public interface Steps {
        void began(String step);

        void ended(String step, Duration took);

        Steps NONE = new Steps() {
            @Override
            public void began(String step) {
            }

            @Override
            public void ended(String step, Duration took) {
            }
        };
    }

    /** What {@link #buildAll} built. */
    public record Built(List<EntityKind> rankings, List<MonthlyLists.Month> monthlyLists, Duration took) {
        public String line() {
            if (rankings.isEmpty() && monthlyLists.isEmpty()) {
                return "top rankings and monthly lists already current";
            }
            return String.format(Locale.ROOT, "built the top rankings of %d %s and the monthly lists of %d kind-months"
                    + " in %.1f s", rankings.size(), rankings.size() == 1 ? "kind" : "kinds", monthlyLists.size(),
                    took.toNanos() / 1e9);
        }
    }

    /**
     * Which of the tables built ahead of time are not current: {@code staleRankings} among the
     * {@code rankedKinds} kinds that have days (their top lists are counted whole), and how many
     * kinds and months of monthly lists are stale (their summaries read those months day by day).
     */
    public record Status(int rankedKinds, List<EntityKind> staleRankings, int staleMonthlyLists) {
        public boolean current() {
            return staleRankings.isEmpty() && staleMonthlyLists == 0;
        }

        /**
         * "top rankings: 2 of 6 kinds stale (characters, corporations), building; monthly lists: 3
         * kind-months stale, building", with {@code pending} after each stale part.
         */
        public String describe(String pending) {
            if (current()) {
                return "top rankings of " + rankedKinds + " kinds and monthly lists current";
            }
            String rankings = staleRankings.isEmpty() ? "top rankings of " + rankedKinds + " kinds current"
                    : "top rankings: " + staleRankings.size() + " of " + rankedKinds + " kinds stale ("
                    + staleRankings.stream().map(EntityKind::plural).collect(Collectors.joining(", "))
                    + "), their top lists counted whole, " + pending;
            String months = staleMonthlyLists == 0 ? "monthly lists current"
                    : "monthly lists: " + staleMonthlyLists + " kind-months stale, their summaries read day by day, "
                    + pending;
            return rankings + "; " + months;
        }
    }

    private final Database database;
    private final Clock clock;
    private final int parallelBuilds;
    private ScheduledExecutorService scheduler;
    /** The UTC day of the last look for stale monthly lists by a turn or a build. */
    private LocalDate monthlyListsCheckedOn;
    /** Stale monthly lists left by the last look or build, -1 before any. */
    private int monthlyListsLeft = -1;
    /** When {@link #status()} last looked for stale monthly lists itself, and what it saw. */
    private Instant statusLookedAt;
    private int statusLookLeft;

    /**
     * {@code clock} says which UTC day it is: the rankings and monthly lists leave out the last days.
     * {@link #buildAll} runs a build per core at once, each on a connection of its own outside
     * {@code database}'s pool, as is the one that holds its lock.
     */
    public ReadModelBuilds(Database database, Clock clock) {
        this(database, clock, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #buildAll} runs {@code parallelBuilds} builds at once (at least one). */
    ReadModelBuilds(Database database, Clock clock, int parallelBuilds) {
        this.database = database;
        this.clock = clock;
        this.parallelBuilds = Math.max(1, parallelBuilds);
    }

    /**
     * One background turn: builds every stale ranking, and the stale monthly lists for up to
     * {@link #MONTHLY_LISTS_BUDGET}, unless another process holds the lock; true when it ran.
     */
    public boolean runOnce() {
        try (Handle h = database.openDedicated(LOCK_HOLDER)) {
            if (!TRY_LOCK.query(h).mapTo(Boolean.class).one()) {
                log.debug("Another process is building the read model");
                return false;
            }
            try {
                LocalDate today = today();
                TopRankings.refreshStale(h, today);
                refreshMonthlyLists(h, today);
                return true;
            } finally {
                UNLOCK.query(h).mapTo(Boolean.class).one();
            }
        }
    }

    /**
     * Looks for stale monthly lists once a UTC day (a second at three million killmails; the
     * current month's settled days grow by one a day), and at every turn while the last one left
     * some unbuilt. A monthly list made stale in between is only not read: summaries check each
     * month's row against the daily rows.
     */
    private void refreshMonthlyLists(Handle h, LocalDate today) {
        synchronized (this) {
            if (today.equals(monthlyListsCheckedOn) && monthlyListsLeft == 0) {
                return;
            }
        }
        MonthlyLists.Refresh r = MonthlyLists.refreshStale(h, today, MONTHLY_LISTS_BUDGET);
        synchronized (this) {
            monthlyListsCheckedOn = today;
            monthlyListsLeft = r.left();
        }
    }

    /**
     * Builds every stale ranking and monthly list to completion, waiting first for another
     * process's builds to end; each build told to {@code steps} as it begins and ends. Builds of
     * different kinds and months touch different rows, so several of them run at once, each on a
     * connection of its own.
     */
    public Built buildAll(Steps steps) {
        long start = System.nanoTime();
        try (Handle h = database.openDedicated(LOCK_HOLDER)) {
            lock(h, steps);
            try {
                LocalDate today = today();
                List<EntityKind> kinds = TopRankings.stale(h, today);
                List<MonthlyLists.Month> months = MonthlyLists.stale(h, today);
                int total = kinds.size() + months.size();
                List<Build> builds = new ArrayList<>();
                for (EntityKind kind : kinds) {
                    builds.add(new Build(String.format(Locale.ROOT, "ranking %s (%d/%d)", kind.plural(),
                            builds.size() + 1, total), w -> TopRankings.build(w, kind, today)));
                }
                for (MonthlyLists.Month m : months) {
                    builds.add(new Build(String.format(Locale.ROOT, "monthly lists of %s %s (%d/%d)", m.kind().plural(),
                            m.month().toString().substring(0, 7), builds.size() + 1, total), w -> MonthlyLists.build(w, m)));
                }
                runAll(builds, steps);
                TopRankings.vacuumLateDeltas(h, kinds);
                synchronized (this) {
                    monthlyListsCheckedOn = today;
                    monthlyListsLeft = 0;
                }
                Built built = new Built(kinds, months, Duration.ofNanos(System.nanoTime() - start));
                log.info("Read model: {}", built.line());
                return built;
            } finally {
                UNLOCK.query(h).mapTo(Boolean.class).one();
            }
        }
    }

    /** One build of {@link #buildAll}: its step's name and its work on a connection of its own. */
    private record Build(String step, Consumer<Handle> work) {
    }

    /** Runs {@code builds}, {@link #parallelBuilds} at once; the first failure is thrown once every running build ended. */
    private void runAll(List<Build> builds, Steps steps) {
        if (builds.isEmpty()) {
            return;
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(parallelBuilds, builds.size()),
                r -> {
                    Thread t = new Thread(r, "read-model-build");
                    t.setDaemon(true);
                    return t;
                });
        Steps shown = synchronizedSteps(steps);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Build b : builds) {
                running.add(workers.submit(() -> {
                    try (Handle w = database.openDedicated(BUILDER)) {
                        step(shown, b.step(), () -> b.work().accept(w));
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    running.forEach(other -> other.cancel(false));
                    throw e.getCause() instanceof RuntimeException re ? re
                            : new EveDmvException("a build of the read model failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running.forEach(other -> other.cancel(false));
                    throw new EveDmvException("interrupted while building the read model");
                }
            }
        } finally {
            workers.shutdown();
            awaitEnd(workers);
        }
    }

    private static void awaitEnd(ExecutorService workers) {
        try {
            while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                log.info("Waiting for the running builds of the read model to end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code steps} told by one build at a time. */
    private static Steps synchronizedSteps(Steps steps) {
        return new Steps() {
            @Override
            public synchronized void began(String step) {
                steps.began(step);
            }

            @Override
            public synchronized void ended(String step, Duration took) {
                steps.ended(step, took);
            }
        };
    }

    private static void step(Steps steps, String step, Runnable build) {
        long t0 = System.nanoTime();
        steps.began(step);
        build.run();
        steps.ended(step, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Takes the lock, waiting (as a step) while another process holds it. */
    private static void lock(Handle h, Steps steps) {
        if (TRY_LOCK.query(h).mapTo(Boolean.class).one()) {
            return;
        }
        String step = "waiting for another process's builds of the read model";
        long t0 = System.nanoTime();
        steps.began(step);
        do {
            try {
                Thread.sleep(LOCK_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EveDmvException("interrupted while waiting for another process's builds of the read model");
            }
        } while (!TRY_LOCK.query(h).mapTo(Boolean.class).one());
        steps.ended(step, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Which tables built ahead of time are stale now: the rankings looked at each time (a few
     * index probes); the monthly lists as the last background turn or build of this instance left
     * them, or else as a look of its own (at most one a minute) finds them.
     */
    public Status status() {
        return status(database);
    }

    /** {@link #status()} read from {@code on} ({@code serve}'s API pool, so that a long build never delays its health). */
    public Status status(Database on) {
        try (Handle h = on.jdbi().open()) {
            LocalDate today = today();
            Set<Integer> withDays = Set.copyOf(KINDS_WITH_DAYS.query(h).mapTo(Integer.class).list());
            List<EntityKind> stale = TopRankings.stale(h, today).stream().filter(k -> withDays.contains(k.code()))
                    .toList();
            return new Status(withDays.size(), stale, staleMonthlyLists(h, today));
        }
    }

    private int staleMonthlyLists(Handle h, LocalDate today) {
        Instant now = clock.instant();
        synchronized (this) {
            if (monthlyListsLeft >= 0 && today.equals(monthlyListsCheckedOn)) {
                return monthlyListsLeft;
            }
            if (statusLookedAt != null && !now.isAfter(statusLookedAt.plus(STATUS_LOOK_MAX_AGE))) {
                return statusLookLeft;
            }
        }
        int left = MonthlyLists.stale(h, today).size();
        synchronized (this) {
            statusLookedAt = now;
            statusLookLeft = left;
        }
        return left;
    }

    /** Runs a turn now and then every {@code interval} on a daemon thread, the next one at once while work is left, until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "read-model-builds");
            t.setDaemon(true);
            return t;
        });
        scheduler.execute(() -> turn(interval));
    }

    private void turn(Duration interval) {
        boolean again = false;
        try {
            again = runOnce() && workLeft();
        } catch (RuntimeException e) {
            log.warn("Building the read model failed: {}", e.getMessage());
        }
        synchronized (this) {
            if (!scheduler.isShutdown()) {
                scheduler.schedule(() -> turn(interval), again ? 0 : interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Whether the last turn left stale monthly lists for the next one. */
    synchronized boolean workLeft() {
        return monthlyListsLeft > 0;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
