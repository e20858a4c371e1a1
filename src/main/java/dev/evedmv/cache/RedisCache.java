package dev.evedmv.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.DatabaseUrls;
import dev.evedmv.health.Health;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The shared cache on Redis (Lettuce). Answers about one entity live in one hash
 * ({@code evedmv:e:<kind code>:<id>}, a field per question), top lists in {@code evedmv:top}, and
 * so on, so an invalidation is one {@code DEL} per touched entity. Each call waits at most the
 * configured timeout; after a failure Redis is left alone for a second, and answers come from the
 * database meanwhile.
 */
public final class RedisCache implements SharedCache {
    private static final Logger log = LoggerFactory.getLogger(RedisCache.class);
    static final String PREFIX = "evedmv:";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private final Duration timeout;
    private final Clock clock;
    private final Counter errors;
    private volatile Instant downSince;
    private volatile String lastError;
    private volatile Instant lastFailure;

    private RedisCache(RedisClient client, StatefulRedisConnection<String, byte[]> connection, Duration timeout,
                       Clock clock, MeterRegistry registry) {
        this.client = client;
        this.connection = connection;
        this.timeout = timeout;
        this.clock = clock;
        this.errors = Counter.builder("evedmv_cache_redis_errors")
                .description("shared cache calls that failed or timed out (answered from the database)").register(registry);
    }

    /**
     * Connects to {@code url} (redis://host:port); a Redis that is down at start is tried again on
     * later calls (at most once a second), never fatal.
     */
    public static RedisCache connect(String url, Duration timeout, Clock clock, MeterRegistry registry) {
        RedisClient client = RedisClient.create(RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(Math.max(100, timeout.toMillis()))).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        RedisCache cache = new RedisCache(client, null, timeout, clock, registry);
        try {
            cache.connection = client.connect(CODEC);
        } catch (RuntimeException e) {
            cache.failed(e);
            log.warn("Redis at {} unreachable at start; will retry", DatabaseUrls.redact(url));
        }
        return cache;
    }

    static String hashOf(CacheKey key) {
        Entity e = key.entity();
        if (e != null) {
            return PREFIX + "e:" + e.kind().code() + ":" + e.id();
        }
        return PREFIX + key.queryClass().label();
    }

    @Override
    public byte[] get(CacheKey key) {
        if (resting()) {
            return null;
        }
        try {
            return await(commands().hget(hashOf(key), key.text()));
        } catch (RuntimeException e) {
            failed(e);
            return null;
        }
    }

    @Override
    public void put(CacheKey key, byte[] body, Duration ttl) {
        if (resting()) {
            return;
        }
        try {
            String hash = hashOf(key);
            RedisAsyncCommands<String, byte[]> c = commands();
            RedisFuture<Boolean> set = c.hset(hash, key.text(), body);
            // the hash lives as long as its newest answer's TTL; invalidation, not TTL, keeps answers right
            RedisFuture<Boolean> expire = c.expire(hash, Math.max(1, ttl.toSeconds()));
            await(set);
            await(expire);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void remove(CacheKey key) {
        if (resting()) {
            return;
        }
        try {
            await(commands().hdel(hashOf(key), key.text()));
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void evict(Set<Entity> touched) {
        if (touched.isEmpty() || resting()) {
            return;
        }
        List<String> keys = new ArrayList<>(touched.size() + 1);
        for (Entity e : touched) {
            keys.add(PREFIX + "e:" + e.kind().code() + ":" + e.id());
        }
        keys.add(PREFIX + CacheKey.QueryClass.TOP.label());
        try {
            for (int i = 0; i < keys.size(); i += 500) {
                await(commands().unlink(keys.subList(i, Math.min(keys.size(), i + 500)).toArray(String[]::new)));
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void evictAll() {
        if (resting()) {
            return;
        }
        try {
            List<String> batch = new ArrayList<>();
            commands();
            ScanIterator<String> it = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(PREFIX + "*").limit(1000));
            while (it.hasNext()) {
                batch.add(it.next());
                if (batch.size() == 500) {
                    await(commands().unlink(batch.toArray(String[]::new)));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                await(commands().unlink(batch.toArray(String[]::new)));
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public Health.Check health() {
        Instant down = downSince;
        if (down == null) {
            return Health.Check.ok("shared_cache", "Redis answers");
        }
        return Health.Check.warn("shared_cache", "Redis unavailable since " + down + " (" + lastError
                + "); answering from the local cache and the database");
    }

    private RedisAsyncCommands<String, byte[]> commands() {
        StatefulRedisConnection<String, byte[]> c = connection;
        if (c == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = client.connect(CODEC);
                }
                c = connection;
            }
        }
        return c.async();
    }

    private <T> T await(RedisFuture<T> f) {
        try {
            T v = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            downSince = null;
            return v;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms", e);
        }
    }

    private boolean resting() {
        Instant failure = lastFailure;
        return failure != null && clock.instant().isBefore(failure.plus(RETRY_AFTER));
    }

    private void failed(RuntimeException e) {
        errors.increment();
        lastFailure = clock.instant();
        if (downSince == null) {
            downSince = clock.instant();
            log.warn("Shared cache unavailable ({}); answering from the database", e.getMessage());
        }
        lastError = e.getMessage();
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, byte[]> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
