package dev.evedmv.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.evedmv.bench.SdeTablesCatalogSource;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.ingest.Importer;
import dev.evedmv.sde.StaticDataBootstrap;

/** {@code serve --demo}: a database without killmails gets a generated set of the last 90 days. */
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
        LocalDate today = LocalDate.now(context.clock().withZone(ZoneOffset.UTC));
        Path dir = context.config().home().resolve("demo");
        int threads = Runtime.getRuntime().availableProcessors();
        context.out().printf("generating %,d demo killmails in %s%n", killmails, dir);
        SyntheticKillmails.Summary generated = new SyntheticKillmails(new SdeTablesCatalogSource().load(db)).generate(
                new SyntheticKillmails.Options(killmails, 1, today.minusDays(89), today,
                        SyntheticKillmails.ArchiveFormat.of("tar.gz"), threads), dir);
        context.out().println(generated.describe());
        Importer.Summary imported = ImportCommand.importInto(db, context, List.of(dir), 2000, threads, true, true);
        context.out().println(imported.line());
    }
}
