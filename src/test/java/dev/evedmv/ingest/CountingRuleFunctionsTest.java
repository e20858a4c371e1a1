package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.evedmv.intel.EntityKind;
import dev.evedmv.killmail.Derivation;
import dev.evedmv.sde.StaticData;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The counting rules are defined once in Java (EntityKind, Derivation, RollupDays.LEADERS) and once in SQL
 * (the functions of changeset 021, which every query calls): the two definitions agree on every edge, and the
 * SQL ones are inlined by the planner, so that a query calling them plans as one spelling the rule out.
 */
@ExtendWith(PostgresExtension.class)
class CountingRuleFunctionsTest {
    private static final long[] EDGE_IDS = {0, 1, 500_000, 1_000_000, 1_999_999, 2_000_000, 2_000_001, 3_000_000,
        3_999_999, 4_000_000, 4_000_001, 90_000_000, 98_000_000, 2_147_483_647L, 2_147_483_648L, Long.MAX_VALUE};

    private final TestDatabase db;

    CountingRuleFunctionsTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void theKindsAreEntityKind() {
        try (Handle h = db.jdbi().open()) {
            for (EntityKind k : EntityKind.values()) {
                assertThat(kind(h, k.singular())).as(k.singular()).isEqualTo(k.code());
                assertThat(kind(h, k.plural())).as(k.plural()).isNull();
            }
            assertThat(kind(h, "pilot")).isNull();
            assertThat(kind(h, null)).isNull();
            // no name the SQL knows and Java does not
            String body = h.createQuery("SELECT prosrc FROM pg_proc WHERE proname = 'evedmv_kind'").mapTo(String.class).one();
            Set<String> named = new TreeSet<>();
            Matcher m = Pattern.compile("'([a-z_]+)'").matcher(body);
            while (m.find()) {
                named.add(m.group(1));
            }
            assertThat(named).isEqualTo(Arrays.stream(EntityKind.values()).map(EntityKind::singular)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void thePlayerThresholdsAreDerivations() {
        try (Handle h = db.jdbi().open()) {
            for (long id : EDGE_IDS) {
                assertThat(bool(h, "evedmv_is_player_character(CAST(:a AS bigint))", id))
                        .as("character %d", id).isEqualTo(Derivation.isPlayerCharacter(id));
                assertThat(bool(h, "evedmv_is_player_corporation(CAST(:a AS bigint))", id))
                        .as("corporation %d", id).isEqualTo(Derivation.isPlayerCorporation(id));
                for (EntityKind k : EntityKind.values()) {
                    assertThat(bool(h, "evedmv_is_player(CAST(:b AS integer), CAST(:a AS bigint))", id, k.code()))
                            .as("%s %d", k, id).isEqualTo(k.isPlayer(id));
                }
            }
            assertThat(bool(h, "evedmv_is_player_character(CAST(:a AS bigint))", (Object) null)).isNull();
            assertThat(Derivation.isPlayerCharacter(null)).isFalse();
            for (EntityKind k : EntityKind.values()) {
                assertThat(h.createQuery("SELECT evedmv_last_npc_id(:k)").bind("k", k.code()).mapTo(Long.class).one())
                        .as(k.singular()).isEqualTo(k.lastNpcId());
            }
            assertThat(EntityKind.CHARACTER.lastNpcId()).isEqualTo(Derivation.LAST_NPC_CHARACTER_ID);
            assertThat(EntityKind.CORPORATION.lastNpcId()).isEqualTo(Derivation.LAST_NPC_CORPORATION_ID);
        }
    }

    @Test
    void npcSoloAndAwoxAreDerivations() {
        List<StaticData.TypeInfo> ships = new ArrayList<>();
        ships.add(null);
        for (int category : new int[] {StaticData.CATEGORY_SHIP, 22, 65}) {
            for (int group : new int[] {25, 26, StaticData.GROUP_CAPSULE, StaticData.GROUP_SHUTTLE,
                StaticData.GROUP_ROOKIE_SHIP, 1000}) {
                ships.add(new StaticData.TypeInfo(1, "t", group, category, true));
            }
        }
        try (Handle h = db.jdbi().open()) {
            for (int players = 0; players <= 3; players++) {
                assertThat(bool(h, "evedmv_is_npc(CAST(:a AS integer))", players)).isEqualTo(Derivation.isNpc(players));
                for (StaticData.TypeInfo ship : ships) {
                    assertThat(bool(h, "evedmv_is_solo(CAST(:a AS integer), CAST(:b AS integer), CAST(:c AS integer))",
                            players, ship == null ? null : ship.categoryId(), ship == null ? null : ship.groupId()))
                            .as("%d players, %s", players, ship).isEqualTo(Derivation.isSolo(players, ship));
                }
            }
            Long[] corporations = {null, 1_000_001L, 1_999_999L, 2_000_000L, 98_000_000L};
            for (Long victim : corporations) {
                for (Long finalBlow : corporations) {
                    assertThat(bool(h, "evedmv_is_awox(CAST(:a AS bigint), CAST(:b AS bigint))", victim, finalBlow))
                            .as("victim %s, final blow %s", victim, finalBlow).isEqualTo(Derivation.isAwox(victim, finalBlow));
                }
            }
        }
    }

    @Test
    void theDayLeadersAreRollupDays() {
        try (Handle h = db.jdbi().open()) {
            assertThat(h.createQuery("SELECT evedmv_day_leaders()").mapTo(Integer.class).one()).isEqualTo(RollupDays.LEADERS);
            // two lists that hold more than the leaders between them keep as many as Java does, the largest
            Map<String, Integer> a = new LinkedHashMap<>();
            Map<String, Integer> b = new LinkedHashMap<>();
            for (int i = 1; i <= RollupDays.LEADERS; i++) {
                a.put(String.valueOf(1000 + i), i);
                b.put(String.valueOf(2000 + i), i + RollupDays.LEADERS);
            }
            Map<String, BigDecimal> merged = new LinkedHashMap<>();
            h.createQuery("SELECT key, value::numeric FROM jsonb_each_text(evedmv_merge_leaders(CAST(:a AS jsonb), CAST(:b AS jsonb)))")
                    .bind("a", json(a)).bind("b", json(b))
                    .map((rs, ctx) -> merged.put(rs.getString(1), rs.getBigDecimal(2))).list();
            assertThat(merged).hasSize(RollupDays.LEADERS);
            BigDecimal least = merged.values().stream().min(BigDecimal::compareTo).orElseThrow();
            assertThat(least).isEqualByComparingTo(BigDecimal.valueOf(RollupDays.LEADERS + 1));
            assertThat(h.createQuery("SELECT evedmv_leaders_floor(evedmv_merge_leaders(CAST(:a AS jsonb), CAST(:b AS jsonb)))")
                    .bind("a", json(a)).bind("b", json(b)).mapTo(BigDecimal.class).one()).isEqualByComparingTo(least);
            Map<String, Integer> fewer = new LinkedHashMap<>(a);
            fewer.remove("1001");
            assertThat(h.createQuery("SELECT evedmv_leaders_floor(CAST(:a AS jsonb))").bind("a", json(fewer))
                    .mapTo(BigDecimal.class).one()).as("a list short of the leaders bounds nothing").isEqualByComparingTo("0");
        }
    }

    /** The planner folds the rule functions into the comparison a query would spell out, parameters or not. */
    @Test
    void theRuleFunctionsAreInlined() {
        try (Handle h = db.jdbi().open()) {
            h.execute("SET plan_cache_mode = force_generic_plan");
            h.execute("""
                    PREPARE risers(integer) AS
                    SELECT entity_id FROM entity_daily
                    WHERE entity_kind = $1 AND NOT npc AND evedmv_is_player($1, entity_id)
                      AND entity_kind IN (evedmv_kind('character'), evedmv_kind('corporation'))""");
            String generic = plan(h, "EXECUTE risers(1)");
            assertThat(generic).doesNotContain("evedmv_")
                    .contains("(entity_daily.entity_id > (CASE $1 WHEN '1'::smallint THEN 3999999 WHEN '2'::smallint THEN 1999999"
                            + " ELSE 0 END)::bigint)");
            h.execute("CREATE TEMPORARY TABLE rule_args (character_id bigint, corporation_id bigint, final_blow_corporation_id bigint,"
                    + " players integer, category_id integer, group_id integer)");
            assertThat(plan(h, "SELECT character_id FROM rule_args WHERE evedmv_is_player_character(character_id)"))
                    .doesNotContain("evedmv_").contains("(rule_args.character_id > '3999999'::bigint)");
            for (String rule : List.of("evedmv_is_player_corporation(corporation_id)",
                    "evedmv_is_awox(corporation_id, final_blow_corporation_id)", "evedmv_is_solo(players, category_id, group_id)",
                    "evedmv_is_npc(players)", "players < evedmv_day_leaders()")) {
                assertThat(plan(h, "SELECT character_id FROM rule_args WHERE " + rule)).as(rule).doesNotContain("evedmv_");
            }
        }
    }

    private static String plan(Handle h, String sql) {
        return String.join("\n", h.createQuery("EXPLAIN (VERBOSE, COSTS OFF) " + sql).mapTo(String.class).list());
    }

    private static Integer kind(Handle h, String name) {
        return h.createQuery("SELECT evedmv_kind(CAST(:n AS text))::integer").bind("n", name).mapTo(Integer.class).one();
    }

    /** {@code SELECT expression} with :a, :b, :c bound to the values, in that order. */
    private static Boolean bool(Handle h, String expression, Object... values) {
        var q = h.createQuery("SELECT " + expression);
        String[] names = {"a", "b", "c"};
        for (int i = 0; i < values.length; i++) {
            q.bind(names[i], values[i]);
        }
        return q.mapTo(Boolean.class).one();
    }

    private static String json(Map<String, Integer> figures) {
        return figures.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
