package dev.evedmv.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.evedmv.db.Database;
import dev.evedmv.intel.DateRange;
import dev.evedmv.intel.EntityKind;
import dev.evedmv.intel.EntitySummary;
import dev.evedmv.intel.IntelQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code query KIND ID [--window 30d | --since D --until D] [--include-npc] [--json]}: an entity summary. */
@Command(name = "query", description = "Summarize a character, corporation, alliance, ship, system or region.",
        mixinStandardHelpOptions = true, subcommands = {QueryBattleCommand.class, QueryBattlesCommand.class})
final class QueryCommand implements Runnable {
    private final CliContext context;

    // optional to picocli so that the subcommands battle and battles parse; run() requires both
    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND",
            description = "character, corporation, alliance, ship, system or region")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The entity's id.")
    String id;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--window", paramLabel = "W", description = "7d, 30d, 90d, 365d or all (default 90d).")
    String window;

    @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "First UTC day counted.")
    String since;

    @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "First UTC day not counted.")
    String until;

    @Option(names = "--include-npc", description = "Count killmails without player attackers.")
    boolean includeNpc;

    @Option(names = "--limit", paramLabel = "N", description = "Entries per list (1-100, default 10).")
    int limit = IntelQueries.SUMMARY_LIST_DEFAULT;

    @Option(names = "--json", description = "Print the JSON the HTTP API answers.")
    boolean json;

    QueryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (kind == null || id == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameters: "
                    + (kind == null ? "'KIND', 'ID'" : "'ID'"));
        }
        EntityKind entityKind = EntityKind.fromSingular(kind.toLowerCase(Locale.ROOT));
        long entityId = entityKind.parseId(id);
        DateRange range = DateRange.resolve(window, since, until, context.clock());
        IntelQueries.checkLimit(limit, IntelQueries.SUMMARY_LIST_MAX);
        try (Database db = context.openDatabase()) {
            IntelQueries intel = new IntelQueries(db);
            EntitySummary summary = intel.summary(entityKind, entityId, range, includeNpc, limit);
            if (json) {
                context.out().println(intel.json().write(summary));
            } else {
                printTable(context.out(), entityKind, range, summary);
            }
        }
    }

    private void printTable(PrintStream out, EntityKind entityKind, DateRange range, EntitySummary s) {
        out.printf("%s %d  %s%n", entityKind.singular(), s.id(), s.name() == null ? "(name unknown)" : s.name());
        headerFacts(out, s);
        out.printf("%s to %s (until exclusive)%s%n%n", range.since(), range.until(), includeNpc ? ", npc included" : "");
        // figures that do not apply to the kind (a system's losses) are null: left out, as in the JSON
        List<Object[]> figures = new ArrayList<>();
        figure(figures, "kills", s.kills());
        figure(figures, "losses", s.losses());
        figure(figures, "isk destroyed", isk(s.iskDestroyed()));
        figure(figures, "isk lost", s.iskLost() == null ? null : isk(s.iskLost()));
        figure(figures, "solo kills", s.soloKills());
        figure(figures, "solo losses", s.soloLosses());
        figure(figures, "final blows", s.finalBlows());
        figure(figures, "danger ratio", s.dangerRatio());
        figure(figures, "gang ratio", s.gangRatio());
        figure(figures, "avg gang size", s.avgGangSize());
        for (int i = 0; i < figures.size(); i += 2) {
            Object[] a = figures.get(i);
            Object[] b = i + 1 < figures.size() ? figures.get(i + 1) : new Object[] {"", ""};
            out.println(String.format(Locale.ROOT, "%-14s %20s    %-14s %20s", a[0], a[1], b[0], b[1]).stripTrailing());
        }
        EntitySummary.Timezones tz = s.timezones();
        out.printf("%ntimezones  au %d  eu %d  ru %d  use %d  usw %d%n", tz.au(), tz.eu(), tz.ru(), tz.use(), tz.usw());
        if (!s.monthly().isEmpty()) {
            boolean losses = s.losses() != null;
            if (losses) {
                out.printf("%n%-8s %8s %8s %20s %20s%n", "month", "kills", "losses", "isk destroyed", "isk lost");
            } else {
                out.printf("%n%-8s %8s %20s%n", "month", "kills", "isk destroyed");
            }
            for (EntitySummary.Month m : s.monthly()) {
                if (losses) {
                    out.printf("%-8s %8d %8d %20s %20s%n", m.month(), m.kills(), m.losses(), isk(m.iskDestroyed()),
                            isk(m.iskLost()));
                } else {
                    out.printf("%-8s %8d %20s%n", m.month(), m.kills(), isk(m.iskDestroyed()));
                }
            }
        }
        list(out, "top ships", s.topShips(), EntitySummary.ShipKills::typeId, EntitySummary.ShipKills::name,
                EntitySummary.ShipKills::kills);
        list(out, "top systems", s.topSystems(), EntitySummary.SystemKills::systemId, EntitySummary.SystemKills::name,
                EntitySummary.SystemKills::kills);
        list(out, "associates (shared kills)", s.associates(), EntitySummary.Associate::characterId,
                EntitySummary.Associate::name, EntitySummary.Associate::sharedKills);
        list(out, "top members", s.topMembers(), EntitySummary.MemberKills::characterId,
                EntitySummary.MemberKills::name, EntitySummary.MemberKills::kills);
        list(out, "top characters", s.topCharacters(), EntitySummary.MemberKills::characterId,
                EntitySummary.MemberKills::name, EntitySummary.MemberKills::kills);
        list(out, "top corporations", s.topCorporations(), EntitySummary.CorporationKills::corporationId,
                EntitySummary.CorporationKills::name, EntitySummary.CorporationKills::kills);
        list(out, "top alliances", s.topAlliances(), EntitySummary.AllianceKills::allianceId,
                EntitySummary.AllianceKills::name, EntitySummary.AllianceKills::kills);
        list(out, "top enemies (kills)", s.topEnemies(), EntitySummary.GroupKills::id,
                e -> e.kind() + " " + (e.name() == null ? "" : e.name()), EntitySummary.GroupKills::kills);
        list(out, "top killers (losses)", s.topKillers(), EntitySummary.GroupLosses::id,
                e -> e.kind() + " " + (e.name() == null ? "" : e.name()), EntitySummary.GroupLosses::losses);
    }

    /** A pilot's corporation and alliance, a corporation's alliance, a system's security and place. */
    private static void headerFacts(PrintStream out, EntitySummary s) {
        EntitySummary.Affiliation a = s.affiliation();
        if (a != null) {
            String corporation = a.corporationId() == null ? "" : "corporation " + a.corporationId() + " "
                    + (a.corporationName() == null ? "(name unknown)" : a.corporationName()) + ", ";
            String alliance = a.allianceId() == null ? "no alliance" : "alliance " + a.allianceId() + " "
                    + (a.allianceName() == null ? "(name unknown)" : a.allianceName());
            out.printf("%s%s (as of %s)%n", corporation, alliance, a.asOf());
        }
        EntitySummary.Location l = s.location();
        if (l != null) {
            out.printf(Locale.ROOT, "security %.2f %s, constellation %s %s, region %s %s%n", l.security(), l.securityBand(),
                    l.constellationId(), l.constellationName(), l.regionId(), l.regionName());
        }
    }

    private static void figure(List<Object[]> figures, String label, Object value) {
        if (value != null) {
            figures.add(new Object[] {label, value});
        }
    }

    private static <T> void list(PrintStream out, String title, List<T> entries, Function<T, Number> id,
                                 Function<T, String> name, Function<T, Number> count) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        out.printf("%n%s%n", title);
        for (T e : entries) {
            String n = name.apply(e);
            out.printf("  %-12s %-40s %8s%n", id.apply(e), n == null ? "(name unknown)" : n, count.apply(e));
        }
    }

    private static String isk(BigDecimal value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
