package dev.evedmv.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.evedmv.db.NamedSql;
import dev.evedmv.killmail.DerivedKillmail;

/**
 * Collects what a live feed delivers and writes it in small batches, each together with the feed
 * cursor that covers it, so a restart resumes exactly after the last committed batch. A batch is
 * written when it is full or when its oldest item has waited {@code maxDelay}. Thread-safe, so a
 * timer can flush a quiet stream.
 */
public final class FeedBatcher {
    private static final NamedSql SAVE_CURSOR = NamedSql.of("ingest.save_feed_cursor", """
            INSERT INTO feed_state (feed, cursor, updated_at) VALUES (:feed, :cursor, now())
            ON CONFLICT (feed) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()""");
    private static final NamedSql LOAD_CURSOR = NamedSql.of("ingest.load_feed_cursor",
            "SELECT cursor FROM feed_state WHERE feed = :feed");

    private final KillmailWriter writer;
    private final String feed;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final List<DerivedKillmail> pending = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final RejectedInputs rejects;
    private String cursor;
    private long oldestNanos;
    private WriteResult total = WriteResult.NONE;

    public FeedBatcher(KillmailWriter writer, RejectedInputs rejects, String feed, int maxBatch, Duration maxDelay) {
        this.writer = writer;
        this.rejects = rejects;
        this.feed = feed;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /** The stored cursor of this feed, or null when it never ran. */
    public static String storedCursor(dev.evedmv.db.Database db, String feed) {
        return db.jdbi().withHandle(h -> LOAD_CURSOR.query(h).bind("feed", feed).mapTo(String.class).findOne().orElse(null));
    }

    /** Adds one item and the cursor position just after it; writes when the batch is due. */
    public synchronized void add(DerivedKillmail killmail, String cursorAfter) {
        mark(cursorAfter);
        pending.add(killmail);
        flushIfDue();
    }

    /** Records input that could not be decoded; the cursor moves past it all the same. */
    public synchronized void reject(Rejection rejection, String cursorAfter) {
        mark(cursorAfter);
        rejections.add(rejection);
        flushIfDue();
    }

    /** Only moves the cursor (e.g. past an event that carries no killmail). */
    public synchronized void advance(String cursorAfter) {
        mark(cursorAfter);
    }

    public synchronized void flushIfDue() {
        if (pending.size() + rejections.size() >= maxBatch
                || (cursor != null && System.nanoTime() - oldestNanos >= maxDelayNanos)) {
            flush();
        }
    }

    /** Writes whatever is pending with the cursor that covers it. */
    public synchronized void flush() {
        if (cursor == null) {
            return;
        }
        String covered = cursor;
        List<Rejection> rejected = List.copyOf(rejections);
        WriteResult r = writer.write(List.copyOf(pending), feed, h -> {
            rejects.record(h, rejected);
            SAVE_CURSOR.update(h).bind("feed", feed).bind("cursor", covered).execute();
        });
        total = total.plus(r).plus(new WriteResult(0, 0, rejected.size()));
        pending.clear();
        rejections.clear();
        cursor = null;
    }

    public synchronized WriteResult total() {
        return total;
    }

    private void mark(String cursorAfter) {
        if (cursor == null) {
            oldestNanos = System.nanoTime();
        }
        cursor = cursorAfter;
    }
}
