package dev.evedmv.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.evedmv.killmail.Derivation;

/** Every label derivation gives has a readable name; unknown labels stay as they are. */
class KillmailLabelsTest {

    @Test
    void everyDerivedLabelReadsAsWords() {
        for (int hour = 0; hour < 24; hour++) {
            String tz = Derivation.timezoneLabel(hour);
            assertThat(KillmailLabels.readable(tz, Map.of())).as(tz).endsWith(" time zone").doesNotContain(":");
        }
        for (int attackers : new int[] {1, 2, 5, 10, 25, 50, 100, 1000, 4000}) {
            String count = Derivation.attackerCountLabel(attackers);
            assertThat(KillmailLabels.readable(count, Map.of())).as(count).matches("1 attacker|\\d+\\+ attackers");
        }
        assertThat(KillmailLabels.readable(List.of("#:2+", "#:1000+", "solo", "npc", "pvp", "awox", "loc:highsec",
                "loc:lowsec", "loc:nullsec", "loc:w-space", "loc:abyssal", "cat:6", "cat:65", "cat:x", "ganked"),
                Map.of(6, "Ship")))
                .containsExactly("2+ attackers", "1000+ attackers", "Solo", "NPC kill", "PvP", "Awox", "High-sec",
                        "Low-sec", "Null-sec", "Wormhole space", "Abyssal", "Ship", "Category 65", "cat:x", "ganked");
    }
}
