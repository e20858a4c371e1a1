package dev.evedmv.cli;

import java.time.Clock;
import java.time.Duration;

import dev.evedmv.db.Database;
import dev.evedmv.ingest.FeedRunner;
import dev.evedmv.ingest.IngestSetup;
import dev.evedmv.ingest.R2z2Feed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code feed r2z2 | feed sse URL}: follow a live feed until SIGTERM. */
@Command(name = "feed", description = "Follow a live killmail feed until stopped.", mixinStandardHelpOptions = true,
        subcommands = {FeedCommand.R2z2.class, FeedCommand.Sse.class})
final class FeedCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void follow(CliContext context, java.util.function.Function<IngestSetup, FeedRunner.Source> source) {
        try (Database db = context.openDatabase()) {
            IngestSetup setup = IngestSetup.open(db, context.clock());
            FeedRunner.Source s = source.apply(setup);
            FeedRunner runner = new FeedRunner(setup, s, context.config(), Duration.ofMillis(250));
            Thread worker = new Thread(runner, "feed-" + s.feedName());
            Thread hook = new Thread(() -> {
                runner.stop();
                try {
                    worker.join(15_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "feed-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            context.out().println("following " + s.feedName() + " (Ctrl-C to stop)");
            worker.start();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(name = "r2z2", description = "Follow zKillboard's R2Z2 feed at EVEDMV_R2Z2_URL.")
    static final class R2z2 implements Runnable {
        private final CliContext context;

        R2z2(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            follow(context, setup -> new FeedRunner.R2z2(context.config().r2z2Url(), R2z2Feed.Timing.DEFAULT));
        }
    }

    @Command(name = "sse", description = "Follow a wanderer-kills Server-Sent Events stream.")
    static final class Sse implements Runnable {
        private final CliContext context;

        @Parameters(paramLabel = "URL", description = "The stream URL, e.g. http://host:4004/api/v1/kills/stream")
        String url;

        Sse(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new dev.evedmv.EveDmvException("feed sse needs an http:// or https:// URL, got '" + url + "'");
            }
            follow(context, setup -> new FeedRunner.Sse(url));
        }
    }
}
