package dev.evedmv.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * {@code db verify}: recomputes every rollup from the stored participants, month by month, with
 * the same SELECTs ingest uses, and reports rows that differ from what ingest maintained.
 */
public final class RollupVerifier {
    private static final NamedSql CREATE_STAGE = NamedSql.load(KillmailWriter.class, "create_stage_tables");
    private static final NamedSql MONTHS = NamedSql.of("ingest.verify_months", """
            SELECT DISTINCT date_trunc('month', day)::date FROM entity_daily
            UNION SELECT DISTINCT date_trunc('month', killmail_time AT TIME ZONE 'UTC')::date FROM killmail_directory
            ORDER BY 1""");
    private static final NamedSql STAGE_MONTH = NamedSql.of("ingest.verify_stage_month", """
            INSERT INTO stage_participants SELECT * FROM participants
            WHERE killmail_time >= CAST(:month AS date)::timestamp AT TIME ZONE 'UTC'
              AND killmail_time < (CAST(:month AS date) + interval '1 month')::timestamp AT TIME ZONE 'UTC'""");
    private static final NamedSql PLAYER_ATTACKERS = NamedSql.load(RollupVerifier.class, "verify_player_attackers");

    /** Differences found in one rollup table for one month; examples show a few rows as text. */
    public record Difference(String table, LocalDate month, long missingOrWrong, long unexpected, List<String> examples) {
    }

    private final Database database;

    public RollupVerifier(Database database) {
        this.database = database;
    }

    /** Every difference; empty when the rollups and the killmails' player attackers equal a recomputation. */
    public List<Difference> verify() {
        List<LocalDate> months = database.jdbi().withHandle(h -> MONTHS.query(h).mapTo(LocalDate.class).list());
        List<Difference> out = new ArrayList<>();
        for (LocalDate month : months) {
            out.addAll(database.jdbi().inTransaction(h -> verifyMonth(h, month)));
        }
        return out;
    }

    private static List<Difference> verifyMonth(Handle h, LocalDate month) {
        h.execute("SET LOCAL statement_timeout = 0");
        CREATE_STAGE.update(h).execute();
        STAGE_MONTH.update(h).bind("month", month).execute();
        Rollups.STAGE_ENTITY_KILLMAILS.update(h).execute();
        List<Difference> out = new ArrayList<>();
        for (Rollups.Rollup r : Rollups.ALL) {
            String stored = "SELECT * FROM " + r.table() + " WHERE day >= CAST(:month AS date)"
                    + " AND day < CAST(:month AS date) + interval '1 month'";
            // worked out once per month, then compared both ways
            NamedSql.of("ingest.verify_recompute_" + r.table(),
                    "CREATE TEMP TABLE verify_recomputed ON COMMIT DROP AS " + r.select().sql()).update(h).execute();
            String recomputed = "SELECT * FROM verify_recomputed";
            NamedSql missing = NamedSql.of("ingest.verify_missing_" + r.table(),
                    "SELECT t::text FROM ((" + recomputed + ") EXCEPT ALL (" + stored + ")) AS t ORDER BY 1");
            NamedSql unexpected = NamedSql.of("ingest.verify_unexpected_" + r.table(),
                    "SELECT t::text FROM ((" + stored + ") EXCEPT ALL (" + recomputed + ")) AS t ORDER BY 1");
            List<String> m = missing.query(h).bind("month", month).mapTo(String.class).list();
            List<String> u = unexpected.query(h).bind("month", month).mapTo(String.class).list();
            if (!m.isEmpty() || !u.isEmpty()) {
                List<String> examples = new ArrayList<>();
                m.stream().limit(3).forEach(s -> examples.add("recomputed " + s));
                u.stream().limit(3).forEach(s -> examples.add("stored     " + s));
                out.add(new Difference(r.table(), month, m.size(), u.size(), examples));
            }
        }
        List<String> wrong = PLAYER_ATTACKERS.query(h).bind("month", month).mapTo(String.class).list();
        if (!wrong.isEmpty()) {
            out.add(new Difference("killmails.player_attacker_ids", month, wrong.size(), 0,
                    wrong.stream().limit(3).toList()));
        }
        return out;
    }
}
