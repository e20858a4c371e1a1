package dev.evedmv.cli;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvException;
import dev.evedmv.api.HttpServer;
import dev.evedmv.EveDmvConfig;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.FeedRunner;
import dev.evedmv.ingest.R2z2Feed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the HTTP API until SIGTERM, then a graceful stop. */
@Command(name = "serve", description = "Run the HTTP service (and follow the R2Z2 feed unless --no-feed).",
        mixinStandardHelpOptions = true)
final class ServeCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    private final CliContext context;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: EVEDMV_HTTP_PORT, 8080).")
    Integer port;

    @Option(names = "--demo", description = "On a database without killmails, generate and import a demo set first; "
            + "follows no live feed (as --no-feed), so real killmails do not mix with the synthetic ones.")
    boolean demo;

    @Option(names = "--demo-killmails", paramLabel = "N", defaultValue = "200000",
            description = "Size of the demo set (default: ${DEFAULT-VALUE}, over the last 90 days).")
    long demoKillmails;

    @Option(names = "--no-feed", description = "Do not follow the R2Z2 live feed.")
    boolean noFeed;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    /**
     * {@code EVEDMV_HTTP_HOST}, or else: a demo is for this machine ({@code 127.0.0.1}); a plain
     * serve listens on every interface ({@code 0.0.0.0}), as a container or a proxy on another host needs.
     */
    static String listenHost(EveDmvConfig config, boolean demo) {
        return config.httpHost().orElse(demo ? "127.0.0.1" : "0.0.0.0");
    }

    @Override
    public void run() {
        if (port != null && (port < 1 || port > EveDmvConfig.MAX_PORT)) {
            throw new EveDmvException("--port must be a whole number from 1 to " + EveDmvConfig.MAX_PORT + ", got " + port);
        }
        int httpPort = port != null ? port : context.config().httpPort();
        String host = listenHost(context.config(), demo);
        // before the database, the demo set and the background work: a taken port fails at once, leaving nothing started
        HttpServer.checkCanListen(host, httpPort);
        Database db = context.openDatabase();
        ServeStack stack;
        try {
            if (demo) {
                new DemoData(context, db).ensure(demoKillmails);
            }
            stack = ServeStack.start(context, db, host, httpPort, followsFeed()
                    ? new FeedRunner.R2z2(context.config().r2z2Url(), R2z2Feed.Timing.DEFAULT) : null);
            if (followsFeed()) {
                stack.keepComplete(context); // reaches EVE Ref, zKillboard and ESI: never for a demo
            }
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.info("Shutting down");
            stack.close();
            db.close();
            stopped.countDown();
        }, "eve-dmv-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (demo && !noFeed) {
            context.out().println("demo: not following the live feed");
        }
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
        context.out().println("eve-dmv serving on http://" + shown + ":" + stack.port() + "/  (Ctrl-C to stop)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // stopped from within the process (a test's serve): the same graceful stop as on SIGTERM
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            Thread.currentThread().interrupt();
        }
    }

    /** The demo's killmails are synthetic: real ones from the feed would mix with them. */
    private boolean followsFeed() {
        return !noFeed && !demo;
    }
}
