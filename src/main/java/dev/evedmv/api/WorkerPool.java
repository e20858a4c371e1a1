package dev.evedmv.api;

import java.time.Duration;

import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import io.javalin.Javalin;

/**
 * The bounded worker side of {@code serve} ({@code EVEDMV_HTTP_THREADS}): Jetty runs on a pool of at
 * most that many threads (its own acceptor and selectors included). A request that finds every
 * worker busy waits in a bounded line that holds no thread; one that waited longer than
 * {@code queueWait} is answered 503 with {@code Retry-After} as soon as a worker takes it, so the
 * line drains quickly once it is too long, and memory and threads stay bounded whatever the number
 * of clients. Past the line's capacity, Jetty closes new connections.
 *
 * <p>Server-Sent Event streams ({@link HttpServer#STREAMS}) hold no worker thread after their
 * first bytes (they are asynchronous), only their connection.
 */
final class WorkerPool {
    /** Jobs waiting for a thread, per thread: enough for bursts, bounded so that memory is. */
    private static final int QUEUE_PER_THREAD = 32;
    /** When the job the current thread runs was put in line (a connection with a request to read). */
    private static final ThreadLocal<Long> QUEUED_AT = new ThreadLocal<>();

    private final QueuedThreadPool pool;
    private final long queueWaitNanos;

    WorkerPool(int threads, Duration queueWait) {
        if (threads < 2) {
            throw new IllegalArgumentException("at least 2 worker threads are needed, got " + threads);
        }
        int queue = threads * QUEUE_PER_THREAD;
        pool = new QueuedThreadPool(threads, Math.min(8, threads), 60_000, 0,
                new BlockingArrayQueue<>(Math.min(queue, 1024), 1024, queue), null) {
            @Override
            public void execute(Runnable job) {
                long queuedAt = System.nanoTime();
                super.execute(() -> {
                    QUEUED_AT.set(queuedAt);
                    try {
                        job.run();
                    } finally {
                        QUEUED_AT.remove();
                    }
                });
            }
        };
        pool.setName("http");
        this.queueWaitNanos = queueWait.toNanos();
    }

    QueuedThreadPool threadPool() {
        return pool;
    }

    /** Sheds requests that waited too long for a worker. */
    void register(Javalin app) {
        app.before(ctx -> {
            Long queuedAt = QUEUED_AT.get();
            // a job may go on to the connection's next request at once: that one waited in no line
            QUEUED_AT.remove();
            // a probe that waited is still answered: a busy server is not a dead one
            if (queuedAt != null && !ctx.path().startsWith("/health") && System.nanoTime() - queuedAt > queueWaitNanos) {
                ctx.header("Retry-After", "1");
                throw new ApiException(503, "overloaded", "every worker thread (EVEDMV_HTTP_THREADS) was busy for "
                        + Duration.ofNanos(queueWaitNanos).toMillis() + " ms; retry shortly");
            }
        });
    }
}
