package dev.evedmv.ingest;

import java.time.Duration;

import org.jdbi.v3.core.HandleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/**
 * What a running feed tells about its own health, kept in its {@code feed_state} row so that
 * {@code health}, {@code stats}, {@code /ops} and {@code /live} see it from any process: the last
 * success, the last error and since when the feed fails, and its backlog. A failure is written at
 * once, and so are the first success after failures and the one that finds the backlog empty;
 * further successes at most every {@code interval}. A write that fails (the database is down, say) is logged at debug and does not
 * disturb the feed. Used by one feed thread at a time.
 */
public final class FeedHealth {
    private static final Logger log = LoggerFactory.getLogger(FeedHealth.class);
    private static final NamedSql SUCCEEDED = NamedSql.load(FeedHealth.class, "feed_succeeded");
    private static final NamedSql FAILED = NamedSql.load(FeedHealth.class, "feed_failed");
    /** Successes are written at most this often while the feed works. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Database database;
    private final String feed;
    private final long intervalNanos;
    private boolean failing;
    private boolean written;
    private long lastWriteNanos;
    private long failingSinceNanos;
    private String lastError;
    private Long backlog;
    private Long writtenBacklog;

    public FeedHealth(Database database, String feed, Duration interval) {
        this.database = database;
        this.feed = feed;
        this.intervalNanos = interval.toNanos();
    }

    public String feed() {
        return feed;
    }

    /** Records published and not yet stored, as far as the feed knows (null: it cannot tell). */
    public synchronized void backlog(Long records) {
        backlog = records;
    }

    /** The feed's server answered (records, or that there are none yet). */
    public synchronized void succeeded() {
        long now = System.nanoTime();
        boolean caughtUp = backlog != null && backlog == 0 && !backlog.equals(writtenBacklog);
        if (!failing && written && !caughtUp && now - lastWriteNanos < intervalNanos) {
            return;
        }
        if (failing) {
            log.info("Feed {} works again after {} s of failures", feed,
                    Duration.ofNanos(now - failingSinceNanos).toSeconds());
        }
        failing = false;
        lastError = null;
        Long records = backlog;
        writtenBacklog = records;
        write(now, h -> SUCCEEDED.update(h).bind("feed", feed).bindByType("backlog", records, Long.class).execute());
    }

    /** The feed failed: its server unreachable, an error status, an answer it cannot read, a write that failed. */
    public synchronized void failed(String error) {
        long now = System.nanoTime();
        if (failing && java.util.Objects.equals(error, lastError) && now - lastWriteNanos < intervalNanos) {
            return;
        }
        if (!failing) {
            failingSinceNanos = now;
        }
        failing = true;
        lastError = error;
        write(now, h -> FAILED.update(h).bind("feed", feed).bind("error", error).execute());
    }

    private void write(long now, HandleConsumer<RuntimeException> statement) {
        lastWriteNanos = now;
        written = true;
        try {
            database.jdbi().useHandle(statement);
        } catch (RuntimeException e) {
            log.debug("Cannot record the health of feed {}", feed, e);
        }
    }
}
