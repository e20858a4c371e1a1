package dev.evedmv;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The one configuration object of eve-dmv, built from the environment (and an optional
 * properties file, which the environment overrides) and validated up front. Every setting,
 * its default and its meaning is listed in {@link Setting} and in the README.
 */
public record EveDmvConfig(
        Path home,
        Optional<String> databaseUrl,
        Optional<String> replicaUrl,
        Optional<String> redisUrl,
        String esiUrl,
        String r2z2Url,
        String userAgent,
        int httpPort,
        Optional<String> httpHost,
        int httpThreads,
        int poolSize,
        int backgroundPoolSize,
        Duration connectionTimeout,
        Duration statementTimeout,
        Duration maxLifetime,
        Duration leakDetectionThreshold,
        boolean autoMigrate,
        int embeddedPort,
        Optional<String> opsToken,
        int maxInFlight,
        Duration slowQueryThreshold,
        Duration replicaMaxLag,
        Duration buildInterval,
        CacheSettings cache,
        Duration namesTtl,
        BackfillSettings backfill,
        String bzip2) {

    /** The values of {@code EVEDMV_BZIP2}: what decompresses {@code .tar.bz2} archives on import. */
    public static final java.util.List<String> BZIP2_DECODERS = java.util.List.of("auto", "lbzip2", "bzip2", "java");

    /**
     * Where {@code backfill} reads history (EVE Ref's archives, zKillboard's daily dumps; ESI is
     * {@link #esiUrl}), how long a request may stall, and how often {@code serve} re-checks its recent days.
     */
    public record BackfillSettings(String everefUrl, String zkbHistoryUrl, Duration readTimeout, int recheckDays,
                                   Duration recheckInterval) {
    }

    /** The highest TCP port. */
    public static final int MAX_PORT = 65535;
    private static final Logger log = LoggerFactory.getLogger(EveDmvConfig.class);
    /** Keys that were renamed, each with the setting it is now. */
    private static final Map<String, Setting> RENAMED = Map.of("EVEDMV_MATVIEW_REFRESH", Setting.BUILD_INTERVAL);

    /** Size and time to live of each query cache, and how often the warmer runs (zero = never). */
    public record CacheSettings(long summarySize, Duration summaryTtl, long activitySize, Duration activityTtl,
                                long topSize, Duration topTtl, long killmailSize, Duration killmailTtl,
                                long searchSize, Duration searchTtl, Duration warmInterval, Duration redisTimeout) {
    }

    /** Every setting eve-dmv reads, with its default and a one-line description. */
    public enum Setting {
        HOME("EVEDMV_HOME", "~/.eve-dmv", "where the embedded database, archives and state live"),
        DB_URL("EVEDMV_DB_URL", "", "external PostgreSQL (jdbc:postgresql://… or postgres://user:pass@host/db); unset = embedded"),
        REPLICA_URL("EVEDMV_REPLICA_URL", "", "optional read replica, same forms as EVEDMV_DB_URL"),
        REDIS_URL("EVEDMV_REDIS_URL", "", "optional shared cache (redis://host:port)"),
        ESI_URL("EVEDMV_ESI_URL", "https://esi.evetech.net/latest", "ESI base URL (names, prices)"),
        R2Z2_URL("EVEDMV_R2Z2_URL", "https://r2z2.zkillboard.com", "zKillboard R2Z2 live feed base URL"),
        USER_AGENT("EVEDMV_USER_AGENT", "eve-dmv/0.1 (killmail intelligence backend)", "User-Agent sent to ESI, zKillboard and EVE Ref on every request"),
        HTTP_PORT("EVEDMV_HTTP_PORT", "8080", "HTTP port of serve (overridden by --port)"),
        HTTP_HOST("EVEDMV_HTTP_HOST", "", "address serve listens on: an IP address or host name (unset = 0.0.0.0, every interface; 127.0.0.1 with --demo)"),
        HTTP_THREADS("EVEDMV_HTTP_THREADS", "32", "serve's threads, Jetty's own included; a request waits for one in a line that holds none, and after 5 s there gets 503 with Retry-After"),
        POOL_SIZE("EVEDMV_POOL_SIZE", "5", "fixed connection pool size (HikariCP: cores × 2 + 1)"),
        BACKGROUND_POOL_SIZE("EVEDMV_BACKGROUND_POOL_SIZE", "2", "serve's second pool, for its background work (live feed, cache refreshes and warming, names, read model builds), so that it never takes an API request's connection"),
        CONNECTION_TIMEOUT("EVEDMV_CONNECTION_TIMEOUT", "2s", "longest wait for a pooled connection, and for a new one to open"),
        STATEMENT_TIMEOUT("EVEDMV_STATEMENT_TIMEOUT", "30s", "server-side statement_timeout of pooled connections (0 = none)"),
        MAX_LIFETIME("EVEDMV_POOL_MAX_LIFETIME", "30m", "a pooled connection is retired after this long"),
        LEAK_DETECTION("EVEDMV_POOL_LEAK_DETECTION", "60s", "log a connection held longer than this (0 = off)"),
        AUTO_MIGRATE("EVEDMV_AUTO_MIGRATE", "true", "migrate the schema when a command starts"),
        EMBEDDED_PORT("EVEDMV_EMBEDDED_PORT", "0", "port of the embedded PostgreSQL (0 = pick a free one, kept between runs)"),
        OPS_TOKEN("EVEDMV_OPS_TOKEN", "", "bearer token required by /ops and /api/v1/ops/* (unset = open)"),
        MAX_IN_FLIGHT("EVEDMV_MAX_IN_FLIGHT", "0", "API requests doing database work at once (0 = the pool size; cache hits skip the line); more wait up to 30 s, then get 503"),
        SLOW_QUERY("EVEDMV_SLOW_QUERY_THRESHOLD", "100ms", "a named query slower than this is logged (once a minute) with its plan"),
        REPLICA_MAX_LAG("EVEDMV_REPLICA_MAX_LAG", "5s", "reads leave the replica for the primary while it lags more than this"),
        BUILD_INTERVAL("EVEDMV_BUILD_INTERVAL", "5m", "how often serve builds the stale derived tables that are built ahead of time (top rankings, monthly lists and their heads); while some are left, the next build starts at once"),
        CACHE_SUMMARY_SIZE("EVEDMV_CACHE_SUMMARY_SIZE", "20000", "entity summaries kept in the query cache"),
        CACHE_SUMMARY_TTL("EVEDMV_CACHE_SUMMARY_TTL", "5m", "longest a cached entity summary is served (ingest evicts sooner)"),
        CACHE_ACTIVITY_SIZE("EVEDMV_CACHE_ACTIVITY_SIZE", "20000", "activity pages (kills, losses) kept in the query cache"),
        CACHE_ACTIVITY_TTL("EVEDMV_CACHE_ACTIVITY_TTL", "5m", "longest a cached activity page is served"),
        CACHE_TOP_SIZE("EVEDMV_CACHE_TOP_SIZE", "500", "top lists kept in the query cache"),
        CACHE_TOP_TTL("EVEDMV_CACHE_TOP_TTL", "1m", "longest a cached top list is served"),
        CACHE_KILLMAIL_SIZE("EVEDMV_CACHE_KILLMAIL_SIZE", "20000", "killmail details kept in the query cache"),
        CACHE_KILLMAIL_TTL("EVEDMV_CACHE_KILLMAIL_TTL", "1h", "longest a cached killmail detail is served (names may change)"),
        CACHE_SEARCH_SIZE("EVEDMV_CACHE_SEARCH_SIZE", "5000", "search answers kept in the query cache"),
        CACHE_SEARCH_TTL("EVEDMV_CACHE_SEARCH_TTL", "10m", "longest a cached search answer is served"),
        CACHE_WARM_INTERVAL("EVEDMV_CACHE_WARM_INTERVAL", "30s", "how often the warmer fills in the hottest answers that are missing or about to expire (0 = off)"),
        REDIS_TIMEOUT("EVEDMV_REDIS_TIMEOUT", "50ms", "longest wait for the shared cache before answering from the database"),
        NAMES_TTL("EVEDMV_NAMES_TTL", "7d", "names older than this are fetched again from ESI"),
        EVEREF_URL("EVEDMV_EVEREF_URL", "https://data.everef.net", "EVE Ref base URL: killmails/totals.json and the daily killmail archives of backfill everef"),
        ZKB_HISTORY_URL("EVEDMV_ZKB_HISTORY_URL", "https://r2z2.zkillboard.com/history", "zKillboard's history base URL: totals.json and {YYYYMMDD}.json of backfill zkillboard"),
        BACKFILL_TIMEOUT("EVEDMV_BACKFILL_TIMEOUT", "60s", "backfill: longest wait to connect, and for the next bytes of an answer, before the request counts as failed"),
        BACKFILL_DAYS("EVEDMV_BACKFILL_DAYS", "3", "days up to yesterday that serve re-checks against both totals"),
        BACKFILL_INTERVAL("EVEDMV_BACKFILL_INTERVAL", "24h", "how often serve re-checks the last EVEDMV_BACKFILL_DAYS days and repairs what is missing (0 = off)"),
        BZIP2("EVEDMV_BZIP2", "auto", "what decompresses .tar.bz2 archives on import: auto (lbzip2, else bzip2 on PATH, else Java), lbzip2, bzip2 or java"),
        CONFIG_FILE("EVEDMV_CONFIG", "$EVEDMV_HOME/eve-dmv.properties", "optional properties file with the same keys; env wins");

        public final String key;
        public final String defaultValue;
        public final String description;

        Setting(String key, String defaultValue, String description) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.description = description;
        }
    }

    /** Reads the process environment and the config file it points at. */
    public static EveDmvConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** Builds from the given environment, reading the config file it names (or the default one) if present. */
    public static EveDmvConfig from(Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        Path home = resolveHome(value(env, Setting.HOME));
        Path file = Optional.ofNullable(value(env, Setting.CONFIG_FILE)).map(Path::of)
                .orElse(home.resolve("eve-dmv.properties"));
        if (Files.isRegularFile(file)) {
            merged.putAll(readProperties(file));
        } else if (value(env, Setting.CONFIG_FILE) != null) {
            throw new ConfigException("EVEDMV_CONFIG points at " + file + ", which is not a readable file");
        }
        env.forEach((k, v) -> {
            if (k.startsWith("EVEDMV_")) {
                merged.put(k, v);
            }
        });
        renamed(merged);
        if (merged.containsKey(Setting.HOME.key)) {
            home = resolveHome(merged.get(Setting.HOME.key));
        }
        return new SettingsParser(merged).build(home);
    }

    /** API requests doing database work at once: {@code EVEDMV_MAX_IN_FLIGHT}, or the pool size when that is 0. */
    public int effectiveMaxInFlight() {
        return maxInFlight == 0 ? poolSize : maxInFlight;
    }

    /** Settings shown to users (passwords masked), in declaration order. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Setting.HOME.key, home.toString());
        out.put(Setting.DB_URL.key, databaseUrl.map(DatabaseUrls::redact).orElse("(embedded)"));
        out.put(Setting.REPLICA_URL.key, replicaUrl.map(DatabaseUrls::redact).orElse("(none)"));
        out.put(Setting.REDIS_URL.key, redisUrl.map(DatabaseUrls::redact).orElse("(none)"));
        out.put(Setting.ESI_URL.key, esiUrl);
        out.put(Setting.R2Z2_URL.key, r2z2Url);
        out.put(Setting.USER_AGENT.key, userAgent);
        out.put(Setting.HTTP_PORT.key, Integer.toString(httpPort));
        out.put(Setting.HTTP_HOST.key, httpHost.orElse("(0.0.0.0; 127.0.0.1 with --demo)"));
        out.put(Setting.HTTP_THREADS.key, Integer.toString(httpThreads));
        out.put(Setting.POOL_SIZE.key, Integer.toString(poolSize));
        out.put(Setting.BACKGROUND_POOL_SIZE.key, Integer.toString(backgroundPoolSize));
        out.put(Setting.CONNECTION_TIMEOUT.key, connectionTimeout.toString());
        out.put(Setting.STATEMENT_TIMEOUT.key, statementTimeout.toString());
        out.put(Setting.MAX_LIFETIME.key, maxLifetime.toString());
        out.put(Setting.LEAK_DETECTION.key, leakDetectionThreshold.toString());
        out.put(Setting.AUTO_MIGRATE.key, Boolean.toString(autoMigrate));
        out.put(Setting.EMBEDDED_PORT.key, Integer.toString(embeddedPort));
        out.put(Setting.OPS_TOKEN.key, opsToken.isPresent() ? "***" : "(none)");
        out.put(Setting.MAX_IN_FLIGHT.key, Integer.toString(maxInFlight));
        out.put(Setting.SLOW_QUERY.key, slowQueryThreshold.toString());
        out.put(Setting.REPLICA_MAX_LAG.key, replicaMaxLag.toString());
        out.put(Setting.BUILD_INTERVAL.key, buildInterval.toString());
        out.put(Setting.CACHE_SUMMARY_SIZE.key, Long.toString(cache.summarySize()));
        out.put(Setting.CACHE_SUMMARY_TTL.key, cache.summaryTtl().toString());
        out.put(Setting.CACHE_ACTIVITY_SIZE.key, Long.toString(cache.activitySize()));
        out.put(Setting.CACHE_ACTIVITY_TTL.key, cache.activityTtl().toString());
        out.put(Setting.CACHE_TOP_SIZE.key, Long.toString(cache.topSize()));
        out.put(Setting.CACHE_TOP_TTL.key, cache.topTtl().toString());
        out.put(Setting.CACHE_KILLMAIL_SIZE.key, Long.toString(cache.killmailSize()));
        out.put(Setting.CACHE_KILLMAIL_TTL.key, cache.killmailTtl().toString());
        out.put(Setting.CACHE_SEARCH_SIZE.key, Long.toString(cache.searchSize()));
        out.put(Setting.CACHE_SEARCH_TTL.key, cache.searchTtl().toString());
        out.put(Setting.CACHE_WARM_INTERVAL.key, cache.warmInterval().toString());
        out.put(Setting.REDIS_TIMEOUT.key, cache.redisTimeout().toString());
        out.put(Setting.NAMES_TTL.key, namesTtl.toString());
        out.put(Setting.EVEREF_URL.key, backfill.everefUrl());
        out.put(Setting.ZKB_HISTORY_URL.key, backfill.zkbHistoryUrl());
        out.put(Setting.BACKFILL_TIMEOUT.key, backfill.readTimeout().toString());
        out.put(Setting.BACKFILL_DAYS.key, Integer.toString(backfill.recheckDays()));
        out.put(Setting.BACKFILL_INTERVAL.key, backfill.recheckInterval().toString());
        out.put(Setting.BZIP2.key, bzip2);
        return out;
    }

    public EveDmvConfig withHttpPort(int port) {
        return new EveDmvConfig(home, databaseUrl, replicaUrl, redisUrl, esiUrl, r2z2Url, userAgent, port,
                httpHost, httpThreads, poolSize, backgroundPoolSize, connectionTimeout, statementTimeout, maxLifetime, leakDetectionThreshold, autoMigrate,
                embeddedPort, opsToken, maxInFlight, slowQueryThreshold, replicaMaxLag, buildInterval, cache, namesTtl, backfill, bzip2);
    }

    public EveDmvConfig withAutoMigrate(boolean migrate) {
        return new EveDmvConfig(home, databaseUrl, replicaUrl, redisUrl, esiUrl, r2z2Url, userAgent, httpPort,
                httpHost, httpThreads, poolSize, backgroundPoolSize, connectionTimeout, statementTimeout, maxLifetime, leakDetectionThreshold, migrate,
                embeddedPort, opsToken, maxInFlight, slowQueryThreshold, replicaMaxLag, buildInterval, cache, namesTtl, backfill, bzip2);
    }

    public boolean embedded() {
        return databaseUrl.isEmpty();
    }

    private static String value(Map<String, String> env, Setting setting) {
        String v = env.get(setting.key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * Settings read under their new key: the value of a renamed key is taken when the new one is
     * not set, with a warning naming the new key.
     */
    private static void renamed(Map<String, String> merged) {
        RENAMED.forEach((old, setting) -> {
            String v = merged.remove(old);
            if (v != null) {
                log.warn("{} is now {}; reading it as that{}", old, setting.key,
                        merged.containsKey(setting.key) ? " is set too, whose value wins" : "");
                merged.putIfAbsent(setting.key, v);
            }
        });
    }

    private static Path resolveHome(String raw) {
        if (raw == null || raw.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".eve-dmv").toAbsolutePath();
        }
        String expanded = raw.startsWith("~") ? System.getProperty("user.home") + raw.substring(1) : raw;
        return Path.of(expanded).toAbsolutePath().normalize();
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        props.forEach((k, v) -> out.put(k.toString().trim(), v.toString().trim()));
        for (String key : out.keySet()) {
            boolean known = false;
            for (Setting s : Setting.values()) {
                known |= s.key.equals(key);
            }
            known |= RENAMED.containsKey(key);
            if (!known) {
                throw new ConfigException("config file " + file + " has unknown key '" + key
                        + "'; known keys are the EVEDMV_* settings listed in the README");
            }
        }
        return out;
    }

    /** Parses and validates each value, naming the setting in every error. */
    private record SettingsParser(Map<String, String> values) {
        EveDmvConfig build(Path home) {
            Optional<String> dbUrl = optional(Setting.DB_URL).map(u -> validateDbUrl(Setting.DB_URL, u));
            Optional<String> replica = optional(Setting.REPLICA_URL).map(u -> validateDbUrl(Setting.REPLICA_URL, u));
            Optional<String> redis = optional(Setting.REDIS_URL).map(this::validateRedisUrl);
            return new EveDmvConfig(
                    home,
                    dbUrl,
                    replica,
                    redis,
                    httpUrl(Setting.ESI_URL),
                    httpUrl(Setting.R2Z2_URL),
                    string(Setting.USER_AGENT),
                    integer(Setting.HTTP_PORT, 1, MAX_PORT),
                    optional(Setting.HTTP_HOST).map(this::validateHost),
                    integer(Setting.HTTP_THREADS, 10, 10_000),
                    integer(Setting.POOL_SIZE, 1, 200),
                    integer(Setting.BACKGROUND_POOL_SIZE, 1, 50),
                    duration(Setting.CONNECTION_TIMEOUT, Duration.ofMillis(250)),
                    duration(Setting.STATEMENT_TIMEOUT, Duration.ZERO),
                    duration(Setting.MAX_LIFETIME, Duration.ofSeconds(30)),
                    duration(Setting.LEAK_DETECTION, Duration.ZERO),
                    bool(Setting.AUTO_MIGRATE),
                    integer(Setting.EMBEDDED_PORT, 0, 65535),
                    optional(Setting.OPS_TOKEN),
                    integer(Setting.MAX_IN_FLIGHT, 0, 10_000),
                    duration(Setting.SLOW_QUERY, Duration.ofMillis(1)),
                    duration(Setting.REPLICA_MAX_LAG, Duration.ofMillis(100)),
                    duration(Setting.BUILD_INTERVAL, Duration.ofSeconds(1)),

                    new CacheSettings(
                            integer(Setting.CACHE_SUMMARY_SIZE, 0, 10_000_000), duration(Setting.CACHE_SUMMARY_TTL, Duration.ofSeconds(1)),
                            integer(Setting.CACHE_ACTIVITY_SIZE, 0, 10_000_000), duration(Setting.CACHE_ACTIVITY_TTL, Duration.ofSeconds(1)),
                            integer(Setting.CACHE_TOP_SIZE, 0, 1_000_000), duration(Setting.CACHE_TOP_TTL, Duration.ofSeconds(1)),
                            integer(Setting.CACHE_KILLMAIL_SIZE, 0, 10_000_000), duration(Setting.CACHE_KILLMAIL_TTL, Duration.ofSeconds(1)),
                            integer(Setting.CACHE_SEARCH_SIZE, 0, 1_000_000), duration(Setting.CACHE_SEARCH_TTL, Duration.ofSeconds(1)),
                            durationOrOff(Setting.CACHE_WARM_INTERVAL, Duration.ofSeconds(1)),
                            duration(Setting.REDIS_TIMEOUT, Duration.ofMillis(1))),
                    duration(Setting.NAMES_TTL, Duration.ofMinutes(1)),
                    new BackfillSettings(httpUrl(Setting.EVEREF_URL), httpUrl(Setting.ZKB_HISTORY_URL),
                            duration(Setting.BACKFILL_TIMEOUT, Duration.ofMillis(100)),
                            integer(Setting.BACKFILL_DAYS, 1, 365),
                            durationOrOff(Setting.BACKFILL_INTERVAL, Duration.ofMinutes(1))),
                    oneOf(Setting.BZIP2, BZIP2_DECODERS));
        }

        private String oneOf(Setting s, java.util.List<String> values) {
            String v = string(s).toLowerCase(java.util.Locale.ROOT);
            if (!values.contains(v)) {
                throw new ConfigException(s.key + " must be one of " + String.join(", ", values) + ", not '" + string(s) + "'");
            }
            return v;
        }

        private Optional<String> optional(Setting s) {
            String v = values.get(s.key);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
        }

        private String string(Setting s) {
            return optional(s).orElse(s.defaultValue);
        }

        private <T> T parse(Setting s, Function<String, T> parser, String expected) {
            String raw = string(s);
            try {
                return parser.apply(raw);
            } catch (RuntimeException e) {
                throw new ConfigException(s.key + " must be " + expected + ", got '" + raw + "'");
            }
        }

        private int integer(Setting s, int min, int max) {
            int v = parse(s, Integer::parseInt, "a whole number from " + min + " to " + max);
            if (v < min || v > max) {
                throw new ConfigException(s.key + " must be a whole number from " + min + " to " + max + ", got " + v);
            }
            return v;
        }

        private boolean bool(Setting s) {
            return parse(s, raw -> switch (raw.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw new IllegalArgumentException(raw);
            }, "true or false");
        }

        private Duration duration(Setting s, Duration min) {
            Duration d = parse(s, Durations::parse, "a duration such as 500ms, 5s, 10m or 1h");
            if (d.isNegative() || (!d.isZero() && d.compareTo(min) < 0) || (d.isZero() && !min.isZero())) {
                throw new ConfigException(s.key + " must be at least " + Durations.format(min) + ", got '" + string(s) + "'");
            }
            return d;
        }

        /** Zero (off) or at least {@code min}. */
        private Duration durationOrOff(Setting s, Duration min) {
            Duration d = parse(s, Durations::parse, "a duration such as 500ms, 5s, 10m or 1h");
            if (d.isNegative() || (!d.isZero() && d.compareTo(min) < 0)) {
                throw new ConfigException(s.key + " must be 0 (off) or at least " + Durations.format(min) + ", got '"
                        + string(s) + "'");
            }
            return d;
        }

        private String httpUrl(Setting s) {
            String v = string(s);
            if (!v.startsWith("http://") && !v.startsWith("https://")) {
                throw new ConfigException(s.key + " must be an http:// or https:// URL, got '" + v + "'");
            }
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        }

        private String validateDbUrl(Setting s, String url) {
            try {
                DatabaseUrls.toJdbc(url);
                return url;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.key + " " + e.getMessage());
            }
        }

        /** An IPv4 or IPv6 address, or a host name (resolved when serve starts listening). */
        private String validateHost(String host) {
            boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    && java.util.Arrays.stream(host.split("\\.")).allMatch(p -> Integer.parseInt(p) <= 255);
            boolean ipv6 = host.contains(":") && host.matches("[0-9A-Fa-f:.]+");
            boolean name = host.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
                    && !host.matches("[0-9.]+");
            if (!ipv4 && !ipv6 && !name) {
                throw new ConfigException(Setting.HTTP_HOST.key + " must be an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name, got '"
                        + host + "'");
            }
            return host;
        }

        private String validateRedisUrl(String url) {
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw new ConfigException("EVEDMV_REDIS_URL must start with redis:// or rediss://, got '"
                        + DatabaseUrls.redact(url) + "'");
            }
            return url;
        }
    }
}
