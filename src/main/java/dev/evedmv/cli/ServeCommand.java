package dev.evedmv.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.api.HttpServer;
import dev.evedmv.api.IntelRoutes;
import dev.evedmv.db.Database;
import dev.evedmv.db.Migrations;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.ops.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the HTTP API until SIGTERM, then a graceful stop. */
@Command(name = "serve", description = "Run the HTTP service.", mixinStandardHelpOptions = true)
final class ServeCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    private final CliContext context;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: EVEDMV_HTTP_PORT, 8080).")
    Integer port;

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        int httpPort = port != null ? port : context.config().httpPort();
        Database db = context.openDatabase();
        HttpServer http;
        try {
            Migrations.Status status = new Migrations(db).status();
            List<String> expected = new ArrayList<>(status.applied());
            expected.addAll(status.pending());
            http = HttpServer.start(httpPort, new Readiness(db, expected), context.registry(),
                    new IntelRoutes(new IntelQueries(db), Clock.systemUTC()));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.info("Shutting down");
            http.close();
            db.close();
            stopped.countDown();
        }, "eve-dmv-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        context.out().println("eve-dmv serving on http://localhost:" + http.port() + "/  (Ctrl-C to stop)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
