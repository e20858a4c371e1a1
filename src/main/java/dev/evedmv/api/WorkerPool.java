package dev.evedmv.api;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import io.javalin.Javalin;

/**
 * The bounded worker side of {@code serve} ({@code EVEDMV_HTTP_THREADS}): Jetty runs on a pool of at
 * most that many threads with a bounded line of jobs, and at most as many requests are worked on at
 * once as the pool has threads left after Jetty's own (acceptors, selectors) and one spare. A
 * request beyond that is answered 503 with {@code Retry-After} at once by the spare thread, so the
 * line keeps moving and memory and threads stay bounded whatever the number of clients.
 *
 * <p>Server-Sent Event streams ({@link HttpServer#STREAMS}) are not counted: after their first
 * bytes they are asynchronous and hold no worker thread, only their connection.
 */
final class WorkerPool {
    private static final String ADMITTED = "evedmv.admitted";
    /** Jobs waiting for a thread, per thread: enough for bursts, bounded so that memory is. */
    private static final int QUEUE_PER_THREAD = 32;

    private final QueuedThreadPool pool;
    private final AtomicInteger working = new AtomicInteger();
    private volatile int limit;

    WorkerPool(int threads) {
        if (threads < 2) {
            throw new IllegalArgumentException("at least 2 worker threads are needed, got " + threads);
        }
        int queue = threads * QUEUE_PER_THREAD;
        pool = new QueuedThreadPool(threads, Math.min(8, threads), 60_000, -1,
                new BlockingArrayQueue<>(Math.min(queue, 1024), 1024, queue), null);
        pool.setName("http");
        pool.setReservedThreads(0); // every thread is a worker or Jetty's own, so the count below is exact
        limit = threads;
    }

    QueuedThreadPool threadPool() {
        return pool;
    }

    /** Once the server runs, Jetty has leased its own threads: the rest, less one spare, take requests. */
    void started() {
        limit = Math.max(1, pool.getMaxThreads() - pool.getLeasedThreads() - 1);
    }

    /** Requests worked on at once. */
    int limit() {
        return limit;
    }

    void register(Javalin app) {
        app.before(ctx -> {
            if (ctx.path().startsWith(HttpServer.STREAMS)) {
                return;
            }
            if (working.incrementAndGet() > limit) {
                working.decrementAndGet();
                ctx.header("Retry-After", "1");
                throw new ApiException(503, "overloaded", "the server is answering as many requests as it can "
                        + "(EVEDMV_HTTP_THREADS); retry shortly");
            }
            ctx.attribute(ADMITTED, Boolean.TRUE);
        });
        app.after(ctx -> {
            if (Boolean.TRUE.equals(ctx.attribute(ADMITTED))) {
                ctx.attribute(ADMITTED, null);
                working.decrementAndGet();
            }
        });
    }
}
