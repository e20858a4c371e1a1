package dev.evedmv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EveDmvConfigTest {
    @TempDir
    Path home;

    @Test
    void defaultsAreDocumentedValues() {
        EveDmvConfig c = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString()));
        assertThat(c.embedded()).isTrue();
        assertThat(c.home()).isEqualTo(home);
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.httpHost()).as("the command decides: every interface, loopback for --demo").isEmpty();
        assertThat(c.httpThreads()).isEqualTo(32);
        for (String host : List.of("127.0.0.1", "0.0.0.0", "::1", "::", "localhost", "eve-dmv.internal")) {
            assertThat(EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_HTTP_HOST", host)).httpHost())
                    .contains(host);
        }
        assertThat(c.poolSize()).isEqualTo(5);
        assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.autoMigrate()).isTrue();
        assertThat(c.replicaMaxLag()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.buildInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.cache().summarySize()).isEqualTo(20_000);
        assertThat(c.cache().summaryTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.cache().warmInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.cache().redisTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.namesTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_CACHE_WARM_INTERVAL", "0"))
                .cache().warmInterval()).as("0 turns the warmer off").isZero();
        for (EveDmvConfig.Setting s : EveDmvConfig.Setting.values()) {
            assertThat(s.description).isNotBlank();
        }
    }

    @Test
    void theRenamedBuildIntervalIsStillReadUnderItsOldKey() throws Exception {
        assertThat(EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_MATVIEW_REFRESH", "2m"))
                .buildInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_MATVIEW_REFRESH", "2m",
                "EVEDMV_BUILD_INTERVAL", "3m")).buildInterval()).as("the new key wins").isEqualTo(Duration.ofMinutes(3));
        java.nio.file.Files.writeString(home.resolve("eve-dmv.properties"), "EVEDMV_MATVIEW_REFRESH=4m\n");
        assertThat(EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString())).buildInterval())
                .as("in the properties file too").isEqualTo(Duration.ofMinutes(4));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EVEDMV_POOL_SIZE|abc|EVEDMV_POOL_SIZE must be a whole number from 1 to 200, got 'abc'",
            "EVEDMV_POOL_SIZE|0|EVEDMV_POOL_SIZE must be a whole number from 1 to 200, got 0",
            "EVEDMV_HTTP_PORT|70000|EVEDMV_HTTP_PORT must be a whole number from 1 to 65535, got 70000",
            "EVEDMV_HTTP_PORT|0|EVEDMV_HTTP_PORT must be a whole number from 1 to 65535, got 0",
            "EVEDMV_CONNECTION_TIMEOUT|soon|EVEDMV_CONNECTION_TIMEOUT must be a duration such as 500ms, 5s, 10m or 1h, got 'soon'",
            "EVEDMV_CONNECTION_TIMEOUT|10ms|EVEDMV_CONNECTION_TIMEOUT must be at least 250ms, got '10ms'",
            "EVEDMV_AUTO_MIGRATE|maybe|EVEDMV_AUTO_MIGRATE must be true or false, got 'maybe'",
            "EVEDMV_DB_URL|mysql://x/y|EVEDMV_DB_URL must start with jdbc:postgresql:// or postgres://, got 'mysql://x/y'",
            "EVEDMV_ESI_URL|esi.example|EVEDMV_ESI_URL must be an http:// or https:// URL, got 'esi.example'",
            "EVEDMV_CACHE_SUMMARY_TTL|5ms|EVEDMV_CACHE_SUMMARY_TTL must be at least 1s, got '5ms'",
            "EVEDMV_CACHE_WARM_INTERVAL|10ms|EVEDMV_CACHE_WARM_INTERVAL must be 0 (off) or at least 1s, got '10ms'",
            "EVEDMV_CACHE_TOP_SIZE|-1|EVEDMV_CACHE_TOP_SIZE must be a whole number from 0 to 1000000, got -1",
            "EVEDMV_REDIS_URL|localhost:6379|EVEDMV_REDIS_URL must start with redis:// or rediss://, got 'localhost:6379'",
            "EVEDMV_HTTP_HOST|http://0.0.0.0|EVEDMV_HTTP_HOST must be an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name, got 'http://0.0.0.0'",
            "EVEDMV_HTTP_HOST|300.1.1.1|EVEDMV_HTTP_HOST must be an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name, got '300.1.1.1'",
            "EVEDMV_HTTP_HOST|a b|EVEDMV_HTTP_HOST must be an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name, got 'a b'",
            "EVEDMV_HTTP_THREADS|9|EVEDMV_HTTP_THREADS must be a whole number from 10 to 10000, got 9",
    })
    void invalidValuesNameTheSettingAndWhatToSet(String key, String value, String message) {
        assertThatThrownBy(() -> EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void backfillSettingsHaveTheirDocumentedDefaultsAndAreValidated() {
        EveDmvConfig.BackfillSettings b = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString())).backfill();
        assertThat(b.everefUrl()).isEqualTo("https://data.everef.net");
        assertThat(b.zkbHistoryUrl()).isEqualTo("https://r2z2.zkillboard.com/history");
        assertThat(b.recheckDays()).isEqualTo(3);
        assertThat(b.recheckInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(b.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        EveDmvConfig.BackfillSettings set = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(),
                "EVEDMV_EVEREF_URL", "http://127.0.0.1:9/everef/", "EVEDMV_BACKFILL_INTERVAL", "0")).backfill();
        assertThat(set.everefUrl()).isEqualTo("http://127.0.0.1:9/everef");
        assertThat(set.recheckInterval()).as("0 = off").isZero();
        assertThatThrownBy(() -> EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_ZKB_HISTORY_URL", "ftp://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EVEDMV_ZKB_HISTORY_URL must be an http:// or https:// URL");
        assertThatThrownBy(() -> EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_BACKFILL_DAYS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EVEDMV_BACKFILL_DAYS must be a whole number from 1 to 365");
        assertThatThrownBy(() -> EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_BACKFILL_INTERVAL", "10s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EVEDMV_BACKFILL_INTERVAL must be 0 (off) or at least 1m");
    }

    @Test
    void environmentWinsOverTheConfigFile() throws IOException {
        Files.writeString(home.resolve("eve-dmv.properties"), "EVEDMV_POOL_SIZE=9\nEVEDMV_HTTP_PORT=9000\n");
        EveDmvConfig c = EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString(), "EVEDMV_HTTP_PORT", "9100"));
        assertThat(c.poolSize()).isEqualTo(9);
        assertThat(c.httpPort()).isEqualTo(9100);
    }

    @Test
    void unknownKeysInTheConfigFileAreErrors() throws IOException {
        Files.writeString(home.resolve("eve-dmv.properties"), "EVEDMV_POOLSIZE=9\n");
        assertThatThrownBy(() -> EveDmvConfig.from(Map.of("EVEDMV_HOME", home.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'EVEDMV_POOLSIZE'");
    }

    @Test
    void libpqUrlsBecomeJdbcUrlsWithCredentials() {
        DatabaseUrls.JdbcTarget t = DatabaseUrls.toJdbc("postgres://eve:s%40cret@db.local:5433/killmails?sslmode=require");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/killmails?sslmode=require");
        assertThat(t.user()).isEqualTo("eve");
        assertThat(t.password()).isEqualTo("s@cret");
        assertThat(t.display()).isEqualTo("db.local:5433/killmails");
        assertThat(DatabaseUrls.redact("postgres://eve:secret@db/x")).isEqualTo("postgres://eve:***@db/x");
        assertThat(DatabaseUrls.redact("jdbc:postgresql://db/x?user=a&password=b")).isEqualTo("jdbc:postgresql://db/x?user=a&password=***");
    }

    @Test
    void durationsReadTheShortForms() {
        assertThat(Durations.parse("250")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.format(Duration.ofMinutes(30))).isEqualTo("30m");
    }
}
