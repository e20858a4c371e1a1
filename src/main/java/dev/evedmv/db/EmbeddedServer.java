package dev.evedmv.db;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvException;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * The embedded PostgreSQL under {@code $EVEDMV_HOME/pg}: binaries from zonky's bundle, a data
 * directory kept between runs, {@code pg_stat_statements} preloaded.
 *
 * <p>Several eve-dmv processes may share one home (say {@code import} while {@code serve} runs).
 * Each holds a shared lock on {@code clients.lock} while it uses the server; start and stop are
 * serialized by {@code start.lock}. A process that finds the server running connects to it; the
 * last process to leave stops it. A server orphaned by a {@code kill -9} is adopted by the next
 * process, which then stops it when it is the last to leave. A process that supervises the server
 * ({@link EmbeddedSupervisor}, under {@code serve}) starts it again with {@link #restart()} when
 * its postmaster dies.
 */
public final class EmbeddedServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
    public static final String DATABASE = "evedmv";
    public static final String SUPERUSER = "postgres";

    /** Server settings; tests trade durability for speed, a user's home never does. */
    public record Options(int preferredPort, boolean durable, String sharedBuffers, Duration startTimeout) {
        public static Options production(int preferredPort) {
            return new Options(preferredPort, true, "1GB", Duration.ofSeconds(120));
        }

        public static Options forTests() {
            return new Options(0, false, "256MB", Duration.ofSeconds(120));
        }
    }

    private final Path root;
    private final Path dataDir;
    private final Path binDir;
    private final int port;
    private final Options options;
    private final FileChannel clientsChannel;
    private FileLock clientLock;
    private boolean closed;

    private EmbeddedServer(Path root, Path dataDir, Path binDir, int port, Options options, FileChannel clientsChannel,
                           FileLock clientLock) {
        this.root = root;
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.port = port;
        this.options = options;
        this.clientsChannel = clientsChannel;
        this.clientLock = clientLock;
    }

    /** Connects to the server already running on {@code root}, or initializes and starts it. */
    public static EmbeddedServer attachOrStart(Path root, Options options) {
        return attachOrStart(root, options, StartupSteps.NONE);
    }

    /**
     * As {@link #attachOrStart(Path, Options)}; {@code steps} is told of each slow step taken
     * (first-run preparation, start), and of nothing when the server is running already.
     */
    public static EmbeddedServer attachOrStart(Path root, Options options, StartupSteps steps) {
        try {
            Files.createDirectories(root);
            Path dataDir = root.resolve("data");
            try (FileChannel startChannel = openLockFile(root.resolve("start.lock"));
                 FileLock ignored = startChannel.lock()) {
                boolean firstRun = !Files.exists(dataDir.resolve("PG_VERSION"));
                if (firstRun) {
                    steps.step("preparing the embedded PostgreSQL in " + root
                            + " (first run: unpacking the binaries and initdb, about a minute)…");
                }
                Path binDir = ensureBinaries(root.resolve("bin"), firstRun ? StartupSteps.NONE : steps);
                FileChannel clients = openLockFile(root.resolve("clients.lock"));
                FileLock clientLock = clients.lock(0, Long.MAX_VALUE, true);
                try {
                    Optional<Integer> running = runningPort(dataDir);
                    int port;
                    if (running.isPresent()) {
                        port = running.get();
                        log.info("Using the embedded PostgreSQL already running on port {} ({})", port, dataDir);
                    } else {
                        boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
                        if (fresh) {
                            initdb(binDir, dataDir, root.resolve("initdb.log"), options.durable());
                        }
                        port = choosePort(root, options.preferredPort());
                        steps.step("starting the embedded PostgreSQL on port " + port + "…");
                        start(binDir, dataDir, root, port, options);
                        if (fresh) {
                            createApplicationDatabase(port);
                        }
                    }
                    return new EmbeddedServer(root, dataDir, binDir, port, options, clients, clientLock);
                } catch (RuntimeException | IOException e) {
                    clientLock.release();
                    clients.close();
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new EveDmvException("cannot start the embedded PostgreSQL in " + root + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** Runs {@code pg_ctl} from the bundled binaries, for callers that manage clusters (replicas in tests). */
    public Path binaries() {
        return binDir;
    }

    /**
     * The pid of the postmaster in {@code postmaster.pid} while that process lives (a zombie left
     * by a {@code kill -9} counts as dead); empty when the server is not running.
     */
    public Optional<Long> postmasterPid() {
        try {
            return postmasterPid(dataDir).filter(EmbeddedServer::alive);
        } catch (IOException | RuntimeException e) { // a postmaster.pid being rewritten: as good as absent
            log.debug("cannot read {}", dataDir.resolve("postmaster.pid"), e);
            return Optional.empty();
        }
    }

    /**
     * Starts the server again on the same data directory and port after it stopped behind this
     * process's back (a {@code kill -9} of the postmaster); PostgreSQL replays its WAL (crash
     * recovery), removes the stale {@code postmaster.pid}, and refuses to start while a backend of
     * the dead postmaster still holds its shared memory, in which case this fails and the caller
     * tries again. Serialized with the other processes' starts and stops by {@code start.lock};
     * does nothing when another process started the server first.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the embedded PostgreSQL handle is closed");
        }
        try (FileChannel startChannel = openLockFile(root.resolve("start.lock"));
             FileLock ignored = startChannel.lock()) {
            Optional<Integer> running = runningPort(dataDir);
            if (running.isPresent()) {
                if (running.get() != port) {
                    throw new EveDmvException("another eve-dmv process started the embedded PostgreSQL on port "
                            + running.get() + ", not on " + port + " where this process connects; restart this process");
                }
                log.info("The embedded PostgreSQL was started again by another eve-dmv process");
                return;
            }
            removeLockOfZombie(dataDir);
            start(binDir, dataDir, root, port, options);
        } catch (IOException e) {
            throw new EveDmvException("cannot restart the embedded PostgreSQL in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Leaves the server; stops it when no other eve-dmv process is using it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel startChannel = openLockFile(root.resolve("start.lock"));
             FileLock ignored = startChannel.lock()) {
            clientLock.release();
            FileLock exclusive = clientsChannel.tryLock();
            if (exclusive == null) {
                log.info("Leaving the embedded PostgreSQL running: another eve-dmv process uses it");
            } else {
                try {
                    stop(binDir, dataDir);
                } finally {
                    exclusive.release();
                }
            }
            clientsChannel.close();
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL cleanly: {}", e.getMessage());
        }
    }

    private static FileChannel openLockFile(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** The port of a live postmaster in this data directory, read from postmaster.pid. */
    static Optional<Integer> runningPort(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 4) {
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).trim());
        int port = Integer.parseInt(lines.get(3).trim());
        if (alive(pid) && accepts(port)) {
            return Optional.of(port);
        }
        return Optional.empty();
    }

    /** The first line of postmaster.pid, the postmaster's pid; empty without the file. */
    static Optional<Long> postmasterPid(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    }

    /**
     * A live process: a killed postmaster stays a zombie until its parent (init, or a container's
     * first process, which may never reap it) collects it, and ProcessHandle counts zombies alive.
     */
    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
    }

    private static boolean zombie(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat, StandardCharsets.UTF_8);
            int end = s.lastIndexOf(')');
            return end > 0 && end + 2 < s.length() && s.charAt(end + 2) == 'Z';
        } catch (IOException e) { // no /proc here, or the process is gone
            return false;
        }
    }

    /**
     * PostgreSQL takes a postmaster.pid whose pid still exists for a live server's, and a zombie
     * exists; the lock file of a zombie postmaster is removed so that the server can start. Its
     * shared-memory interlock (keyed by the data directory) still refuses to start while an
     * orphaned backend of the dead postmaster runs.
     */
    private static void removeLockOfZombie(Path dataDir) throws IOException {
        Optional<Long> pid = postmasterPid(dataDir);
        if (pid.isPresent() && zombie(pid.get())) {
            log.info("Removing the lock file of the dead postmaster {} (a zombie not yet reaped)", pid.get());
            Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int choosePort(Path root, int preferred) throws IOException {
        if (preferred > 0) {
            return preferred;
        }
        Path portFile = root.resolve("port");
        if (Files.exists(portFile)) {
            int last = Integer.parseInt(Files.readString(portFile).trim());
            if (isFree(last)) {
                return last;
            }
        }
        int fresh;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            fresh = s.getLocalPort();
        }
        Files.writeString(portFile, Integer.toString(fresh));
        return fresh;
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void initdb(Path binDir, Path dataDir, Path logFile, boolean durable) throws IOException {
        log.info("Initializing the embedded PostgreSQL in {}", dataDir);
        Path staging = dataDir.resolveSibling("data.initdb");
        deleteTree(staging);
        List<String> command = new ArrayList<>(List.of(binDir.resolve("bin/initdb").toString(), "-D",
                staging.toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C"));
        if (!durable) {
            command.add("--no-sync");
        }
        run(command, logFile, Duration.ofMinutes(2));
        deleteTree(dataDir);
        Files.move(staging, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void start(Path binDir, Path dataDir, Path root, int port, Options options) throws IOException {
        List<String> settings = new ArrayList<>(List.of(
                "-p " + port,
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=''",
                "-c shared_preload_libraries=pg_stat_statements",
                "-c pg_stat_statements.track=top",
                "-c max_connections=200",
                "-c shared_buffers=" + options.sharedBuffers(),
                "-c work_mem=32MB",
                "-c maintenance_work_mem=512MB",
                "-c max_wal_size=4GB",
                "-c checkpoint_timeout=15min",
                "-c jit=off",
                "-c wal_level=replica",
                "-c max_wal_senders=4",
                "-c track_io_timing=on",
                "-c log_min_duration_statement=1000"));
        if (!options.durable()) {
            settings.add("-c fsync=off");
            settings.add("-c synchronous_commit=off");
            settings.add("-c full_page_writes=off");
        }
        log.info("Starting the embedded PostgreSQL on port {}", port);
        run(List.of(binDir.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                root.resolve("postgres.log").toString(), "-w", "-t", Long.toString(options.startTimeout().toSeconds()),
                "-o", String.join(" ", settings), "start"), root.resolve("pg_ctl.log"), options.startTimeout().plusSeconds(10));
    }

    private static void stop(Path binDir, Path dataDir) throws IOException {
        if (runningPort(dataDir).isEmpty()) {
            return;
        }
        log.info("Stopping the embedded PostgreSQL");
        run(List.of(binDir.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w",
                "-t", "60", "stop"), dataDir.resolveSibling("pg_ctl.log"), Duration.ofSeconds(70));
    }

    private static void createApplicationDatabase(int port) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (var c = java.sql.DriverManager.getConnection(url, SUPERUSER, "");
             var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (java.sql.SQLException e) {
            throw new EveDmvException("cannot create the database '" + DATABASE + "' in the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL refuses to run as root. As root, its programs run in a user namespace that maps
     * an ordinary uid onto ours: they see themselves unprivileged yet own the files we own.
     */
    private static List<String> asServerUser(List<String> command) throws IOException {
        if (!runningAsRoot()) {
            return command;
        }
        Path unshare = Path.of("/usr/bin/unshare");
        if (!Files.isExecutable(unshare)) {
            throw new EveDmvException("PostgreSQL refuses to run as root and unshare (util-linux) is missing: "
                    + "run eve-dmv as an ordinary user, or set EVEDMV_DB_URL to an external server");
        }
        List<String> wrapped = new ArrayList<>(List.of(unshare.toString(), "--user", "--map-user=1000",
                "--map-group=1000"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static boolean runningAsRoot() throws IOException {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (RuntimeException | IOException e) {  // no unix attributes here: fall back to the user name
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void run(List<String> command, Path logFile, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(asServerUser(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new EveDmvException(Path.of(command.get(0)).getFileName() + " did not finish within "
                        + timeout.toSeconds() + " s; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EveDmvException("interrupted while running " + command.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new EveDmvException(Path.of(command.get(0)).getFileName() + " failed with exit code "
                    + p.exitValue() + "; see " + logFile);
        }
    }

    /**
     * Extracts the bundled binaries once into {@code bin/<digest>}; the digest changes with the
     * bundle. {@code steps} is told when they are extracted.
     */
    private static Path ensureBinaries(Path binRoot, StartupSteps steps) throws IOException {
        byte[] bundle;
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "Darwin" : "Linux";
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, System.getProperty("os.arch"))) {
            bundle = in.readAllBytes();
        }
        Path target = binRoot.resolve(digest(bundle));
        if (Files.exists(target.resolve(".complete"))) {
            return target;
        }
        steps.step("unpacking the PostgreSQL binaries into " + binRoot + "…");
        Files.createDirectories(binRoot);
        Path staging = Files.createTempDirectory(binRoot, "extract-");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new ByteArrayInputStream(bundle)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("bundle entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(out);
                        perms.add(PosixFilePermission.OWNER_EXECUTE);
                        perms.add(PosixFilePermission.GROUP_EXECUTE);
                        Files.setPosixFilePermissions(out, perms);
                    }
                }
            }
        }
        Files.writeString(staging.resolve(".complete"), "ok");
        deleteTree(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
