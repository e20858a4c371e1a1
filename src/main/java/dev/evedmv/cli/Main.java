package dev.evedmv.cli;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import dev.evedmv.EveDmvException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code eve-dmv} executable. Every command exits 0 on success and non-zero with a one-line
 * reason on failure; {@code --verbose} adds the stack trace.
 */
@Command(name = "eve-dmv", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Killmail intelligence backend for EVE Online on PostgreSQL.",
        subcommands = {ServeCommand.class, DbCommand.class, SdeCommand.class, GenerateCommand.class,
                ImportCommand.class, BackfillCommand.class, FeedCommand.class, PricesCommand.class, QueryCommand.class,
                PartitionsCommand.class, HealthCommand.class, StatsCommand.class, RejectsCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static {
        // before the first logger: the file appender's folder comes from the environment
        prepareLogging(System.getenv());
    }

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), System.out, System.err, Clock.systemUTC(), errIsTerminal()));
    }

    /**
     * Whether the error stream, where progress goes, is a terminal rather than a file or a pipe:
     * the process has a console that is a terminal (before Java 22 a console exists only then; from
     * 22 on, {@code Console.isTerminal()} says) and, where Linux shows it, file descriptor 2 is a tty.
     */
    static boolean errIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            if (!(Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console)) {
                return false;
            }
        } catch (NoSuchMethodException beforeJava22) {
            // a console then means stdin and stdout are a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        if (!java.nio.file.Files.isSymbolicLink(fd2)) {
            return true; // no /proc here: the console's word is all there is
        }
        try {
            String target = java.nio.file.Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }

    /** Runs one command line in this process; returns its exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return execute(args, env, out, err, Clock.systemUTC());
    }

    /** Runs one command line in this process with {@code clock} as the current time; returns its exit code. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        return execute(args, env, out, err, clock, false);
    }

    /** As {@link #execute(String[], Map, PrintStream, PrintStream, Clock)}; {@code terminal}: {@code err} is a terminal. */
    public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock,
                              boolean terminal) {
        prepareLogging(env);
        CliContext context = new CliContext(env, out, err, clock, terminal);
        CommandLine cli = new CommandLine(Main.class, new ContextFactory(context));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || (parseResult.subcommand() != null && hasVerbose(parseResult));
            String message = e instanceof EveDmvException ? e.getMessage() : e.toString();
            log.info("{} failed: {}", commandLine.getCommandName(), message, e);
            err.println("eve-dmv: " + message);
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static boolean hasVerbose(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Logs go to $EVEDMV_HOME/logs; the terminal gets warnings only (serve turns on info). */
    private static void prepareLogging(Map<String, String> env) {
        if (System.getProperty("evedmv.log.dir") == null) {
            String home = env.getOrDefault("EVEDMV_HOME", "");
            Path dir = home.isBlank() ? Path.of(System.getProperty("user.home"), ".eve-dmv", "logs")
                    : Path.of(home.startsWith("~") ? System.getProperty("user.home") + home.substring(1) : home, "logs");
            System.setProperty("evedmv.log.dir", dir.toAbsolutePath().toString());
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Gives commands the {@link CliContext} through a constructor that takes it. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
                    c.setAccessible(true);
                    return type.cast(c.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"eve-dmv " + (v == null ? "(development build)" : v)};
        }
    }
}
