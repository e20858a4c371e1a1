package dev.evedmv.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.evedmv.EveDmvException;
import dev.evedmv.bench.SdeTablesCatalogSource;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.sde.StaticDataBootstrap;

/** {@code serve --demo}: a database without killmails gets a generated set of the last 90 days, up to now. */
final class DemoData {
    private static final NamedSql ANY_KILLMAIL = NamedSql.of("cli.demo_any_killmail",
            "SELECT EXISTS (SELECT 1 FROM killmail_directory)");

    private final CliContext context;
    private final Database db;

    DemoData(CliContext context, Database db) {
        this.context = context;
        this.db = db;
    }

    void ensure(long killmails) {
        if (db.jdbi().withHandle(h -> ANY_KILLMAIL.query(h).mapTo(Boolean.class).one())) {
            return;
        }
        StaticDataBootstrap.ensureLoaded(db);
        Instant now = context.clock().instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Path dir = context.config().home().resolve("demo");
        int threads = Runtime.getRuntime().availableProcessors();
        removeEarlierDemo(dir);
        context.out().printf("generating %,d demo killmails in %s%n", killmails, dir);
        SyntheticKillmails.Summary generated = new SyntheticKillmails(new SdeTablesCatalogSource().load(db)).generate(
                new SyntheticKillmails.Options(killmails, 1, today.minusDays(89), today,
                        SyntheticKillmails.ArchiveFormat.of("tar.gz"), threads, now), dir);
        context.out().println(generated.describe());
        ImportCommand.Imported imported = ImportCommand.importInto(db, context, List.of(dir), 2000, threads, true, true);
        context.out().println(imported.summary().line());
        context.out().println(imported.built().line());
    }

    /** The archives of an earlier demo (other days) would be imported with this one's. */
    private static void removeEarlierDemo(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(dir, "killmails-*")) {
            for (Path archive : archives) {
                Files.delete(archive);
            }
        } catch (IOException e) {
            throw new EveDmvException("cannot clear the earlier demo in " + dir + ": " + e.getMessage(), e);
        }
    }
}
