package dev.evedmv.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** ESI's killmail endpoint: the hash added to the killmail, refusals told apart, the error limit respected. */
class EsiKillmailsTest {
    private static final byte[] KILLMAIL = "{\"killmail_id\":77,\"killmail_time\":\"2026-10-01T00:00:00Z\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void pausesUntilTheResetWhenTheErrorLimitRunsLow() throws Exception {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        try (FakeHistory fake = new FakeHistory()) {
            fake.listOnZkillboard(java.time.LocalDate.of(2026, 10, 1), Map.of(77L, KILLMAIL));
            EsiKillmails esi = new EsiKillmails(new HttpSource("ESI", "ua", HttpSource.Timing.of(Duration.ofSeconds(5),
                    Duration.ZERO), waits::add), fake.base() + "/esi");

            EsiKillmails.Result found = esi.fetch(77, FakeHistory.hashOf(77));
            assertThat(found).isInstanceOf(EsiKillmails.Found.class);
            assertThat(new String(((EsiKillmails.Found) found).json(), StandardCharsets.UTF_8))
                    .contains("\"killmail_hash\":\"" + FakeHistory.hashOf(77) + "\"");
            assertThat(waits).as("plenty of error budget left: no pause").isEmpty();

            assertThat(esi.fetch(77, "0badhash")).isInstanceOfSatisfying(EsiKillmails.Refused.class,
                    r -> assertThat(r.reason()).contains("422", "Invalid killmail_id"));

            fake.esiErrorLimitRemain = "5";
            esi.fetch(77, FakeHistory.hashOf(77));
            assertThat(waits).containsExactly(Duration.ofSeconds(30));
        }
    }
}
