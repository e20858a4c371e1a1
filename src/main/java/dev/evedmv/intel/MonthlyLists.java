package dev.evedmv.intel;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.NamedSql;

/**
 * The {@code {"id": count}} lists (ships, systems, members, corporations, alliances, enemies, killers)
 * of corporations, alliances, ship types, systems and regions summed per month, the current one up to
 * its settled days ({@code entity_monthly_lists}), which {@code evedmv_entity_top} reads for the months
 * of a range instead of a row per day: a region's systems or a system's ships over 90 days are the
 * same few hundred ids ninety times.
 * A summary uses a month's row only while its days, kills and losses equal those of the entity's
 * daily rows of that month, so a late killmail never makes an answer wrong, only slower until the
 * next build. Characters have none: their lists are short, and their cost is their associates.
 * <p>
 * A list longer than {@link #HEAD_SIZE} also keeps its head: its best entries, and the count that
 * none of the others exceeds; so does each settled day's, in {@code entity_daily_heads}, for the
 * days of a range that no month covers. A summary ranks the heads ({@code evedmv_top_counts}); when
 * they cannot tell the answer it looks up the counts of the head entries that may still reach the top
 * ({@code evedmv_top_contenders}) in the whole lists, and sums the whole lists only when even that
 * cannot tell: a busy system's month lists some forty-seven thousand attackers, of which a top ten
 * needs a few hundred and a dozen look-ups.
 */
public final class MonthlyLists {
    private static final Logger log = LoggerFactory.getLogger(MonthlyLists.class);
    /**
     * Entries kept in the head of a long list: more than a summary's longest list (100), so that the
     * heads of a few months usually tell its answer on their own.
     */
    public static final int HEAD_SIZE = 200;
    static final NamedSql STATE = NamedSql.load(MonthlyLists.class, "monthly_lists_state");
    private static final NamedSql CLEAR = NamedSql.of("intel.monthly_lists_clear",
            "DELETE FROM entity_monthly_lists WHERE entity_kind = :kind AND month = :month");
    /** The rows of one kind's monthly lists over [:month, :until), as built; {@code db verify} compares with them. */
    public static final NamedSql LISTS = NamedSql.load(MonthlyLists.class, "monthly_lists_select");
    private static final NamedSql BUILD = NamedSql.of("intel.monthly_lists_build", """
            INSERT INTO entity_monthly_lists (entity_kind, entity_id, month, until, npc, days, kills, losses, ships,
                                              systems, members, ships_head, ships_floor, systems_head,
                                              systems_floor, members_head, members_floor, corporations, alliances,
                                              enemies, killers, corporations_head, corporations_floor, alliances_head,
                                              alliances_floor, enemies_head, enemies_floor, killers_head,
                                              killers_floor)
            """ + LISTS.sql());
    private static final NamedSql CLEAR_DAYS = NamedSql.of("intel.daily_heads_clear", """
            DELETE FROM entity_daily_heads
            WHERE entity_kind = :kind AND day >= CAST(:month AS date) AND day < CAST(:month AS date) + interval '1 month'""");
    /** The rows of one kind's daily heads over [:month, :until), as built; {@code db verify} compares with them. */
    public static final NamedSql DAILY_HEADS = NamedSql.load(MonthlyLists.class, "daily_heads_select");
    private static final NamedSql BUILD_DAYS = NamedSql.of("intel.daily_heads_build", """
            INSERT INTO entity_daily_heads (entity_kind, entity_id, day, npc, kills, losses, ships_head, ships_floor,
                                            systems_head, systems_floor, members_head, members_floor,
                                            corporations_head, corporations_floor, alliances_head, alliances_floor,
                                            enemies_head, enemies_floor, killers_head, killers_floor)
            """ + DAILY_HEADS.sql());
    private static final NamedSql RECORD = NamedSql.of("intel.monthly_lists_record", """
            INSERT INTO entity_monthly_builds (entity_kind, month, until, writes_sum, duration_ms)
            SELECT :kind, :month, :until, coalesce(sum(writes), 0), :duration_ms FROM rollup_days
            WHERE entity_kind = :kind AND day >= CAST(:month AS date) AND day < CAST(:until AS date)
            ON CONFLICT (entity_kind, month) DO UPDATE
            SET until = EXCLUDED.until, writes_sum = EXCLUDED.writes_sum, built_at = now(),
                duration_ms = :duration_ms""");

    /** A kind and month whose lists are to be built, over its days [month, until). */
    public record Month(EntityKind kind, LocalDate month, LocalDate until) {
    }

    /** What one {@link #refreshStale} did: the months built, and how many stale ones it left for later. */
    public record Refresh(List<Month> built, int left) {
    }

    private MonthlyLists() {
    }

    /**
     * Builds the lists of the months that have none, whose rollups moved since, or whose settled
     * days grew (the current month's: all but yesterday and today, the days late killmails land
     * on most), newest first, for up to {@code budget}: the first build of a long history is
     * spread over several refreshes, so that none holds the background connection for minutes.
     * Builds at least one when any is stale.
     */
    public static Refresh refreshStale(Handle h, LocalDate today, Duration budget) {
        return refreshStale(h, today, budget, HEAD_SIZE);
    }

    /** {@link #refreshStale(Handle, LocalDate, Duration)} with heads of {@code headSize} entries. */
    static Refresh refreshStale(Handle h, LocalDate today, Duration budget, int headSize) {
        long start = System.nanoTime();
        List<Month> stale = stale(h, today);
        List<Month> built = new ArrayList<>();
        for (Month m : stale) {
            if (!built.isEmpty() && System.nanoTime() - start > budget.toNanos()) {
                log.info("{} monthly lists left for the next refresh", stale.size() - built.size());
                break;
            }
            build(h, m, headSize);
            built.add(m);
        }
        return new Refresh(List.copyOf(built), stale.size() - built.size());
    }

    /**
     * The kinds and months whose lists are missing, were built from other daily rows than those
     * there now, or up to another day than their settled end; newest first.
     */
    public static List<Month> stale(Handle h, LocalDate today) {
        return STATE.query(h).bind("settled_until", today.minusDays(1))
                .map((rs, ctx) -> new Month(EntityKind.fromCode(rs.getInt("entity_kind")),
                        rs.getObject("month", LocalDate.class), rs.getObject("until", LocalDate.class)))
                .list();
    }

    /** Replaces the lists and daily heads of one kind and month, and records what they summed, in one snapshot. */
    public static void build(Handle handle, Month m) {
        build(handle, m, HEAD_SIZE);
    }

    private static void build(Handle handle, Month m, int headSize) {
        long start = System.nanoTime();
        int rows = handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            h.execute("SET LOCAL statement_timeout = 0");
            h.execute("SET LOCAL work_mem = '256MB'");
            CLEAR.update(h).bind("kind", m.kind().code()).bind("month", m.month()).execute();
            int inserted = BUILD.update(h).bind("kind", m.kind().code()).bind("month", m.month())
                    .bind("until", m.until()).bind("head_size", headSize).execute();
            CLEAR_DAYS.update(h).bind("kind", m.kind().code()).bind("month", m.month()).execute();
            BUILD_DAYS.update(h).bind("kind", m.kind().code()).bind("month", m.month()).bind("until", m.until())
                    .bind("head_size", headSize).execute();
            RECORD.update(h).bind("kind", m.kind().code()).bind("month", m.month()).bind("until", m.until())
                    .bind("duration_ms", (System.nanoTime() - start) / 1_000_000).execute();
            return inserted;
        });
        log.info("Built the monthly lists of {} for {}: {} entities in {} ms", m.kind().plural(),
                m.month().toString().substring(0, 7), rows, (System.nanoTime() - start) / 1_000_000);
    }
}
