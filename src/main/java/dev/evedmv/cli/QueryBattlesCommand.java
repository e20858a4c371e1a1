package dev.evedmv.cli;

import dev.evedmv.api.BattleRoutes;
import dev.evedmv.battles.Battle;
import dev.evedmv.battles.BattleList;
import dev.evedmv.battles.BattleQueries;
import dev.evedmv.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code query battles --since D --until D [--system ID] [--json]}: the battles that started in a
 * range of UTC days, newest first, every page (docs/battles.md).
 */
@Command(name = "battles", description = "List the battles that started in [since, until), newest first.",
        mixinStandardHelpOptions = true)
final class QueryBattlesCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", required = true, description = "First UTC day.")
    String since;

    @Option(names = "--until", paramLabel = "YYYY-MM-DD", required = true, description = "First UTC day not listed.")
    String until;

    @Option(names = "--system", paramLabel = "ID", description = "Only the battles of this solar system.")
    String system;

    @Option(names = "--region", paramLabel = "ID", description = "Only the battles of this region.")
    String region;

    @Option(names = "--min-killmails", paramLabel = "N", description = "Only battles of at least N killmails.")
    String minKillmails;

    @Option(names = "--limit", paramLabel = "N", description = "Battles at most (1-100, default 20).")
    String limit;

    @Option(names = "--before", paramLabel = "CURSOR", description = "The cursor of a page (its \"next\").")
    String before;

    @Option(names = "--json", description = "Print the JSON the HTTP API answers (/api/v1/battles).")
    boolean json;

    QueryBattlesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        BattleList question = BattleList.parse(since, until, system, region, minKillmails, limit, before,
                context.clock());
        try (Database db = context.openDatabase()) {
            Battle.Page page = new BattleQueries(db).list(question);
            if (json) {
                context.out().println(BattleRoutes.json(page));
                return;
            }
            context.out().printf("%-12s %-20s %-20s %-16s %9s %7s %22s%n", "battle", "start", "end", "system",
                    "killmails", "pilots", "isk destroyed");
            for (Battle b : page.battles()) {
                context.out().printf("%-12d %-20s %-20s %-16s %9d %7d %22s%n", b.id(), b.start(), b.end(),
                        b.systemName() == null ? String.valueOf(b.solarSystemId()) : b.systemName(), b.killmails(),
                        b.pilots(), QueryBattleCommand.isk(b.iskDestroyed()));
            }
            if (page.next() != null) {
                context.out().printf("more: --before %s%n", page.next());
            }
        }
    }
}
