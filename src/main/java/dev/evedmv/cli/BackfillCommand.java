package dev.evedmv.cli;

import java.time.LocalDate;
import java.util.List;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;
import dev.evedmv.backfill.EverefBackfill;
import dev.evedmv.backfill.ZkillboardRepair;
import dev.evedmv.db.Database;
import dev.evedmv.ingest.IngestSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backfill everef | zkillboard}: real history from EVE Ref's archives, repaired from zKillboard's history. */
@Command(name = "backfill", description = "Load real history: EVE Ref's daily archives, repaired from zKillboard's history.",
        mixinStandardHelpOptions = true, subcommands = {BackfillCommand.Everef.class, BackfillCommand.Zkillboard.class})
final class BackfillCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The days that did not end well, a line each on the error stream, and no progress. */
    private static EverefBackfill.Progress warnings(CliContext context) {
        return EverefBackfill.Progress.warningsTo(line -> context.err().println("backfill: " + line));
    }

    /** Prints the days that failed, one line each, and fails when there were any. */
    private static void failIfAny(List<String> failedDays, String what) {
        if (!failedDays.isEmpty()) {
            throw new EveDmvException(failedDays.size() + (failedDays.size() == 1 ? " day" : " days") + " of " + what
                    + " failed (" + failedDays.get(0) + (failedDays.size() > 1 ? "; …" : "")
                    + "); run the command again to retry them");
        }
    }

    @Command(name = "everef", mixinStandardHelpOptions = true,
            description = "Import EVE Ref's daily killmail archives (EVEDMV_EVEREF_URL): every day totals.json lists "
                    + "with killmails, asked for conditionally on what was stored of it last time.")
    static final class Everef implements Runnable {
        private final CliContext context;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "First day (default: the first EVE Ref lists).")
        LocalDate since;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Day to stop before, exclusive (default: today, so up to yesterday).")
        LocalDate until;

        @Option(names = "--newest-first", description = "Newest days first.")
        boolean newestFirst;

        @Option(names = "--keep-archives", description = "Keep the archives under $EVEDMV_HOME/backfill/everef after import.")
        boolean keepArchives;

        @Option(names = "--no-progress", description = "No progress on the error stream.")
        boolean noProgress;

        @Option(names = "--json", description = "Print {\"days_listed\", \"days_downloaded\", \"days_unchanged\", "
                + "\"bytes_downloaded\", \"killmails_new\", \"killmails_duplicate\", \"rejected\"}.")
        boolean json;

        Everef(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabase()) {
                EverefBackfill backfill = EverefBackfill.create(db, IngestSetup.open(db, context.clock()), context.config(),
                        context.config().home().resolve("backfill").resolve("everef"), context.clock());
                EverefBackfill.Options options = new EverefBackfill.Options(since, until, newestFirst, keepArchives);
                EverefBackfill.Summary s;
                if (noProgress) {
                    s = backfill.run(options, warnings(context));
                } else {
                    try (BackfillProgress progress = new BackfillProgress(context.err(), context.terminal(), "backfill")) {
                        s = backfill.run(options, progress);
                    }
                }
                context.out().println(json ? Json.pretty(s.toJson()) : s.line());
                failIfAny(s.failedDays(), "EVE Ref's archives");
            }
        }
    }

    @Command(name = "zkillboard", mixinStandardHelpOptions = true,
            description = "Fetch from ESI the killmails zKillboard's daily history (EVEDMV_ZKB_HISTORY_URL) lists and "
                    + "the database lacks.")
    static final class Zkillboard implements Runnable {
        private final CliContext context;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "First day (default: the first the history lists).")
        LocalDate since;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Day to stop before, exclusive (default: today).")
        LocalDate until;

        @Option(names = "--json", description = "Print {\"days_listed\", \"listed\", \"already_stored\", \"fetched\", \"failed\"}.")
        boolean json;

        Zkillboard(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Database db = context.openDatabase()) {
                ZkillboardRepair repair = ZkillboardRepair.create(db, IngestSetup.open(db, context.clock()), context.config(),
                        context.clock());
                ZkillboardRepair.Summary s = repair.run(since, until, warnings(context));
                context.out().println(json ? Json.pretty(s.toJson()) : s.line());
                failIfAny(s.failedDays(), "zKillboard's history");
            }
        }
    }
}
