package dev.evedmv.testing;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.evedmv.bench.SdeTablesCatalogSource;
import dev.evedmv.bench.SyntheticKillmails;
import dev.evedmv.ingest.ImportJob;
import dev.evedmv.ingest.Importer;
import dev.evedmv.sde.StaticDataBootstrap;

/** Generated killmails imported into a test database, as {@code generate} and {@code import} would. */
public final class GeneratedKillmails {
    private GeneratedKillmails() {
    }

    /** The instant {@code day} (UTC) ends: as "now", it lets a generator fill the whole day. */
    public static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** {@code count} killmails of {@code seed} over [from, to], as daily tar.gz archives under {@code dir}; returns how many were new. */
    public static long importInto(TestDatabase db, Path dir, int count, long seed, LocalDate from, LocalDate to) {
        StaticDataBootstrap.ensureLoaded(db.database());
        Path data = dir.resolve("data");
        new SyntheticKillmails(new SdeTablesCatalogSource().load(db.database())).generate(new SyntheticKillmails.Options(
                count, seed, from, to, SyntheticKillmails.ArchiveFormat.of("tar.gz"), 2, endOf(to)), data);
        Importer.Summary imported = ImportJob.run(db.database(), List.of(data), 500, 2, false,
                java.time.Clock.fixed(endOf(to), ZoneOffset.UTC),
                files -> Importer.Progress.NONE);
        return imported.result().inserted();
    }
}
