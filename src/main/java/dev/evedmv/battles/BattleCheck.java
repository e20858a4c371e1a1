package dev.evedmv.battles;

import java.math.BigDecimal;
import java.sql.Array;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.evedmv.Json;
import dev.evedmv.db.NamedSql;

/**
 * {@code db verify} of {@code battles} and {@code battle_killmails} over one month: the battles the
 * definition finds from the stored killmails and participants, over the spans around the month's
 * killmails and battles, compared field by field with the stored ones ({@code battle_killmails}
 * is checked against {@code battles} by {@code readmodel/battle_killmails_check.sql}). Months archived by {@code partitions archive}
 * are left out: their killmails are in files, their battles stay.
 */
public final class BattleCheck {
    private static final NamedSql RANGE_SYSTEMS = NamedSql.load(BattleCheck.class, "battle_range_systems");
    private static final NamedSql STORED = NamedSql.load(BattleCheck.class, "battles_stored_in_spans");
    private static final NamedSql ARCHIVED = NamedSql.load(BattleCheck.class, "battles_archived_months");
    private static final TypeReference<List<Sides.Side>> SIDES = new TypeReference<>() {
    };
    private static final int SAMPLES = 5;

    private BattleCheck() {
    }

    /** What a check found: battles compared, differences, the first few described. */
    public record Result(long checked, long differences, List<String> samples) {
    }

    /** The months archived and not restored, which a check leaves out. */
    public static Set<YearMonth> archivedMonths(Handle h) {
        Set<YearMonth> months = new HashSet<>();
        ARCHIVED.query(h).mapTo(LocalDate.class).forEach(d -> months.add(YearMonth.from(d)));
        return months;
    }

    /** Checks the battles around the killmails and battles of [since, until) in {@code h}'s transaction. */
    public static Result check(Handle h, Instant since, Instant until) {
        List<BattleMaintenance.Touched> touched = RANGE_SYSTEMS.query(h).bind("since", since.toString())
                .bind("until", until.toString())
                .map((rs, ctx) -> new BattleMaintenance.Touched(rs.getInt("system_id"),
                        rs.getObject("first_time", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_time", OffsetDateTime.class).toInstant())).list();
        if (touched.isEmpty()) {
            return new Result(0, 0, List.of());
        }
        BattleMaintenance.Found found = BattleMaintenance.compute(h, touched);
        int n = found.spans().size();
        int[] systems = new int[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        for (int i = 0; i < n; i++) {
            systems[i] = found.spans().get(i).systemId();
            starts[i] = found.spans().get(i).start().toString();
            ends[i] = found.spans().get(i).end().toString();
        }
        Map<Long, BattleMaintenance.StoredBattle> stored = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        STORED.query(h).bind("systems", systems).bind("starts", starts).bind("ends", ends).map((rs, ctx) -> {
            long id = rs.getLong("battle_id");
            List<Long> ids = longs(rs.getArray("killmail_ids"));
            if (rs.getInt("killmails") != ids.size()) {
                problems.add("battle " + id + ": killmails is " + rs.getInt("killmails") + " for " + ids.size() + " ids");
            }
            List<Sides.Side> sides;
            try {
                sides = Json.mapper().readValue(rs.getString("sides"), SIDES);
            } catch (JsonProcessingException e) {
                problems.add("battle " + id + ": unreadable sides");
                sides = List.of();
            }
            stored.put(id, new BattleMaintenance.StoredBattle(id, rs.getInt("solar_system_id"),
                    (Integer) rs.getObject("region_id"), rs.getObject("start_time", OffsetDateTime.class).toInstant(),
                    rs.getObject("end_time", OffsetDateTime.class).toInstant(), ids, rs.getBigDecimal("isk_destroyed"),
                    rs.getInt("pilots"), sides));
            return id;
        }).forEach(x -> { });
        for (BattleMaintenance.StoredBattle want : found.battles()) {
            BattleMaintenance.StoredBattle have = stored.remove(want.battleId());
            if (have == null) {
                problems.add("battle " + want.battleId() + " (system " + want.systemId() + ", " + want.start() + ", "
                        + want.killmailIds().size() + " killmails): missing");
            } else if (!same(have, want)) {
                problems.add("battle " + want.battleId() + ": stored " + describe(have) + ", expected "
                        + describe(want));
            }
        }
        for (BattleMaintenance.StoredBattle extra : stored.values()) {
            problems.add("battle " + extra.battleId() + " (system " + extra.systemId() + ", " + extra.start()
                    + "): not a battle of the stored killmails");
        }
        long checked = found.battles().size() + stored.size();
        return new Result(checked, problems.size(), problems.stream().limit(SAMPLES).toList());
    }

    private static boolean same(BattleMaintenance.StoredBattle a, BattleMaintenance.StoredBattle b) {
        return a.systemId() == b.systemId() && Objects.equals(a.regionId(), b.regionId()) && a.start().equals(b.start())
                && a.end().equals(b.end()) && a.killmailIds().equals(b.killmailIds())
                && a.iskDestroyed().compareTo(b.iskDestroyed()) == 0 && a.pilots() == b.pilots()
                && a.sides().equals(b.sides());
    }

    private static String describe(BattleMaintenance.StoredBattle b) {
        BigDecimal isk = b.iskDestroyed();
        return "{system " + b.systemId() + ", region " + b.regionId() + ", " + b.start() + " to " + b.end() + ", "
                + b.killmailIds().size() + " killmails, " + isk.toPlainString() + " ISK, " + b.pilots() + " pilots, "
                + b.sides().size() + " sides}";
    }

    private static List<Long> longs(Array array) throws java.sql.SQLException {
        return array == null ? List.of() : List.of((Long[]) array.getArray());
    }

    /** The first instant of {@code month}, UTC. */
    public static Instant startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
