package dev.evedmv.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;

import dev.evedmv.EveDmvException;
import dev.evedmv.api.BattleRoutes;
import dev.evedmv.battles.Battle;
import dev.evedmv.battles.BattleQueries;
import dev.evedmv.db.Database;
import dev.evedmv.intel.Parameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code query battle KILLMAIL_ID [--json]}: the battle holding a killmail (docs/battles.md). */
@Command(name = "battle", description = "Show the battle a killmail is in: its sides, what they flew and lost.",
        mixinStandardHelpOptions = true)
final class QueryBattleCommand implements Runnable {
    private final CliContext context;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "KILLMAIL_ID", description = "A killmail of the battle.")
    String killmailId;

    @Option(names = "--json", description = "Print the JSON the HTTP API answers (/api/v1/killmails/{id}/battle).")
    boolean json;

    QueryBattleCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        long id = Parameters.wholeNumber("killmail id", killmailId);
        try (Database db = context.openDatabase()) {
            BattleQueries.OfKillmail found = new BattleQueries(db).ofKillmail(id);
            if (found instanceof BattleQueries.Found f) {
                if (json) {
                    context.out().println(BattleRoutes.json(f.battle()));
                } else {
                    print(context.out(), f.battle());
                }
            } else if (found instanceof BattleQueries.InNone) {
                throw new EveDmvException("killmail " + id + " is in no battle");
            } else {
                throw new EveDmvException("no killmail " + id + " is stored");
            }
        }
    }

    static void print(PrintStream out, Battle b) {
        out.printf("battle %d  %s (system %d, region %s)%n", b.id(), b.systemName() == null ? "(name unknown)"
                : b.systemName(), b.solarSystemId(), b.regionId());
        out.printf("%s to %s  %d killmails  %d pilots  %s ISK destroyed%n", b.start(), b.end(), b.killmails(),
                b.pilots(), isk(b.iskDestroyed()));
        for (Battle.Side s : b.sides()) {
            out.printf("%nside %s: %d alliances, %d corporations, %d characters; %d kills, %d losses, %s ISK lost%n",
                    s.name(), s.alliances().size(), s.corporations().size(), s.characters().size(), s.kills(),
                    s.losses(), isk(s.iskLost()));
            for (Battle.Ship ship : s.ships()) {
                out.printf("  %-10d %-32s %4d pilots %4d lost%n", ship.typeId(),
                        ship.name() == null ? "(name unknown)" : ship.name(), ship.pilots(), ship.lost());
            }
        }
    }

    static String isk(BigDecimal value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
