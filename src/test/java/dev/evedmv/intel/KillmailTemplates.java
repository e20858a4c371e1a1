package dev.evedmv.intel;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.KillmailFixtures;
import dev.evedmv.testing.TestDatabase;

/** Killmails written again at other times, with the participants, system and region of a stored one. */
final class KillmailTemplates {
    private KillmailTemplates() {
    }

    /** Participants of a killmail whose first attacker flies for the busiest alliance. */
    static Map<String, Object> busiestAllianceKill(TestDatabase db) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                WITH busiest AS (SELECT entity_id FROM entity_daily WHERE entity_kind = 3 AND NOT npc
                                 GROUP BY entity_id ORDER BY sum(kills) DESC, entity_id LIMIT 1)
                SELECT k.killmail_id, min(k.solar_system_id) AS system, min(k.region_id) AS region,
                       (SELECT entity_id FROM busiest) AS alliance,
                       array_agg(p.character_id ORDER BY p.slot) AS chars, array_agg(p.corporation_id ORDER BY p.slot) AS corps,
                       array_agg(p.alliance_id ORDER BY p.slot) AS alliances, array_agg(p.ship_type_id ORDER BY p.slot) AS ships
                FROM participants p JOIN killmails k USING (killmail_id, killmail_time)
                WHERE p.killmail_id = (SELECT killmail_id FROM participants WHERE NOT is_victim AND NOT is_npc
                                         AND alliance_id = (SELECT entity_id FROM busiest) ORDER BY killmail_id LIMIT 1)
                GROUP BY k.killmail_id""").mapToMap().one());
    }

    /** A new killmail {@code id} at {@code time} with the participants, system and region of {@code template}. */
    static DerivedKillmail copyOf(Map<String, Object> template, long id, String time) {
        Long[] chars = longs(template.get("chars"));
        Long[] corps = longs(template.get("corps"));
        Long[] alliances = longs(template.get("alliances"));
        Long[] ships = longs(template.get("ships"));
        KillmailFixtures.Builder b = killmail(id, time)
                .system(((Number) template.get("system")).intValue(), ((Number) template.get("region")).intValue())
                .victim(victim(chars[0], corps[0], alliances[0], ships[0].intValue()));
        for (int i = 1; i < chars.length; i++) {
            b.attacker(attacker(chars[i], corps[i], alliances[i], ships[i].intValue(), i == 1));
        }
        return b.build();
    }

    /** Writes {@code killmails} as ingest would on the day {@code today} tells. */
    static void write(TestDatabase db, Clock today, DerivedKillmail... killmails) {
        new KillmailWriter(db.database(), today).write(List.of(killmails), "test",
                KillmailWriter.InTransaction.NOTHING);
    }

    private static Long[] longs(Object sqlArray) {
        try {
            Object[] values = (Object[]) ((Array) sqlArray).getArray();
            Long[] out = new Long[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i] == null ? null : ((Number) values[i]).longValue();
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
