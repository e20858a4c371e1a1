package dev.evedmv.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.PriceStore;
import dev.evedmv.ingest.Rederivation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code prices load PATH|esi}: the price table for killmails without a zKillboard value. */
@Command(name = "prices", description = "Price table used to value killmails without a zKillboard value.",
        mixinStandardHelpOptions = true, subcommands = PricesCommand.Load.class)
final class PricesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "load", description = "Load ESI /markets/prices/ JSON from a file, or 'esi' to fetch it from EVEDMV_ESI_URL.")
    static final class Load implements Runnable {
        private final CliContext context;

        @Parameters(paramLabel = "PATH|esi")
        String source;

        Load(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            byte[] json = "esi".equals(source) ? fetch() : read(Path.of(source));
            try (Database db = context.openDatabase()) {
                int changed = new PriceStore(db).load(json);
                context.out().println("prices loaded: " + changed + " types added or changed");
                if (changed > 0) {
                    Rederivation.adviceAfterPrices(db).ifPresent(context.out()::println);
                }
            }
        }

        private static byte[] read(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new EveDmvException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        private byte[] fetch() {
            String url = context.config().esiUrl() + "/markets/prices/";
            try {
                HttpResponse<byte[]> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", context.config().userAgent())
                                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new EveDmvException("ESI answered HTTP " + r.statusCode() + " for " + url);
                }
                return r.body();
            } catch (IOException e) {
                throw new EveDmvException("cannot fetch " + url + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EveDmvException("interrupted fetching " + url, e);
            }
        }
    }
}
