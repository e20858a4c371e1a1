package dev.evedmv.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Killmail;
import dev.evedmv.killmail.SecurityBand;
import dev.evedmv.killmail.Victim;

/** Hand-built killmails for tests, with their derived facts set explicitly. */
public final class KillmailFixtures {
    private KillmailFixtures() {
    }

    public static Attacker attacker(Long character, Long corporation, Long alliance, int ship, boolean finalBlow) {
        return new Attacker(character, corporation, alliance, null, ship, 2488, 100, finalBlow, -1.5);
    }

    public static Victim victim(Long character, Long corporation, Long alliance, int ship) {
        return new Victim(character, corporation, alliance, null, ship, 1000, List.of());
    }

    /** Builder for one derived killmail; defaults: system 30002187 (region 10000043), value 1,000,000, not npc/solo/awox. */
    public static final class Builder {
        private final long id;
        private final Instant time;
        private int system = 30002187;
        private Integer region = 10000043;
        private Victim victim = KillmailFixtures.victim(95_000_001L, 98_000_001L, null, 587);
        private final List<Attacker> attackers = new ArrayList<>();
        private boolean npc;
        private boolean solo;
        private boolean awox;
        private BigDecimal value = new BigDecimal("1000000.00");
        private String rawEsi;
        private List<String> labels = List.of("tz:eu");

        Builder(long id, String isoTime) {
            this.id = id;
            this.time = Instant.parse(isoTime);
        }

        public Builder system(int systemId, Integer regionId) {
            this.system = systemId;
            this.region = regionId;
            return this;
        }

        public Builder victim(Victim v) {
            this.victim = v;
            return this;
        }

        public Builder attacker(Attacker a) {
            attackers.add(a);
            return this;
        }

        public Builder npc() {
            this.npc = true;
            return this;
        }

        public Builder solo() {
            this.solo = true;
            return this;
        }

        public Builder awox() {
            this.awox = true;
            return this;
        }

        public Builder value(String isk) {
            this.value = new BigDecimal(isk);
            return this;
        }

        /** zKillboard's labels as derivation would give them (default {@code tz:eu} alone). */
        public Builder labels(String... labels) {
            this.labels = List.of(labels);
            return this;
        }

        public Builder rawEsi(String json) {
            this.rawEsi = json;
            return this;
        }

        public DerivedKillmail build() {
            String esi = rawEsi != null ? rawEsi
                    : "{\"killmail_id\":" + id + ",\"killmail_time\":\"" + time + "\",\"solar_system_id\":" + system + "}";
            Killmail km = new Killmail(id, "hash" + id, time, system, null, null, victim, List.copyOf(attackers), null,
                    esi.getBytes(StandardCharsets.UTF_8), null);
            Attacker fb = km.finalBlow();
            return new DerivedKillmail(km, attackers.size(), fb, npc, solo, awox, SecurityBand.NULLSEC, -0.4,
                    20000322, region, value, "computed", labels);
        }
    }

    public static Builder killmail(long id, String isoTime) {
        return new Builder(id, isoTime);
    }
}
