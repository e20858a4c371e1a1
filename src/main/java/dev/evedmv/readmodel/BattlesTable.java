package dev.evedmv.readmodel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.evedmv.battles.BattleCheck;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * {@code battles} and {@code battle_killmails} (docs/battles.md): verified month by month over the
 * days asked, archived months left out; {@link #battles()} recomputes the battles from the killmails
 * and participants ({@link BattleCheck}), {@link #killmails()} checks each battle's killmails
 * against {@code battle_killmails}.
 */
final class BattlesTable implements DerivedTable {
    private static final NamedSql MONTHS = NamedSql.load(BattlesTable.class, "battles_months");
    private static final NamedSql MEMBERS_CHECK = NamedSql.load(BattlesTable.class, "battle_killmails_check");

    private final boolean members;

    private BattlesTable(boolean members) {
        this.members = members;
    }

    static BattlesTable battles() {
        return new BattlesTable(false);
    }

    static BattlesTable killmails() {
        return new BattlesTable(true);
    }

    @Override
    public String name() {
        return members ? "battle_killmails" : "battles";
    }

    @Override
    public String builtFrom() {
        return members ? "battles: a row per killmail a battle lists, written with the battle; verify checks the two "
                + "agree (readmodel/battle_killmails_check.sql)"
                : "killmails (non-npc, per system) and participants, by BattleMaintenance at ingest (KillmailWriter, "
                + "a backfilled month once attached, db rederive); verify recomputes the battles around each month's "
                + "killmails and battles from them and compares every field (battles.BattleCheck); archived months "
                + "are left out: their battles stay";
    }

    @Override
    public String freshness() {
        return members ? "always current: written with its battle"
                : "current once the writing transaction commits (a backfilled month: right after its commit)";
    }

    @Override
    public Verification verify(Database database, DayRange days, Progress progress) {
        LocalDate[] ends = database.jdbi().withHandle(h -> MONTHS.query(h).bind("since", days.since())
                .bind("until", days.until()).map((rs, ctx) -> new LocalDate[] {rs.getObject("first", LocalDate.class),
                        rs.getObject("last", LocalDate.class)}).one());
        Verification found = Verification.NONE;
        if (ends[0] == null) {
            return found;
        }
        Set<YearMonth> archived = database.jdbi().withHandle(BattleCheck::archivedMonths);
        List<String> skipped = new ArrayList<>();
        for (YearMonth month = YearMonth.from(ends[0]); !month.isAfter(YearMonth.from(ends[1]));
             month = month.plusMonths(1)) {
            if (archived.contains(month)) {
                skipped.add(month.toString());
                continue;
            }
            LocalDate fromDay = month.atDay(1).isBefore(days.since()) ? days.since() : month.atDay(1);
            LocalDate untilDay = month.plusMonths(1).atDay(1).isAfter(days.until()) ? days.until()
                    : month.plusMonths(1).atDay(1);
            Instant from = fromDay.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant until = untilDay.atStartOfDay(ZoneOffset.UTC).toInstant();
            long start = System.nanoTime();
            Verification v = database.jdbi().inTransaction(h -> {
                h.execute("SET LOCAL statement_timeout = 0");
                if (members) {
                    return Checks.one(MEMBERS_CHECK.query(h).bind("from", from.toString()).bind("until", until.toString()));
                }
                BattleCheck.Result r = BattleCheck.check(h, from, until);
                return new Verification(r.checked(), r.differences(), r.samples());
            });
            progress.line(Checks.line(name(), month.toString(), v, start));
            found = found.plus(v);
        }
        if (!skipped.isEmpty()) {
            progress.line("verify: " + name() + ": archived months left out: " + String.join(", ", skipped));
        }
        return found;
    }
}
