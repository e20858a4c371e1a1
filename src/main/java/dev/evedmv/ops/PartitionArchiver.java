package dev.evedmv.ops;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.db.PayloadRewrite;

/**
 * Moves old months out of the database and back: {@link #archive} detaches each monthly table
 * ({@code DETACH … CONCURRENTLY}, so readers and writers of other months never wait), exports it
 * as zstd-compressed binary COPY with a manifest, verifies the file and only then drops the
 * table; {@link #restore} verifies a file, loads it into a new table and attaches it.
 *
 * <p>Every step looks at the catalog and the files first, so a run cut short at any point (even
 * by {@code kill -9}) is finished by running the same command again: an interrupted detach is
 * finalized, a verified file is kept, a dropped table is skipped, a restored table is
 * recognized. {@link Steps} is told when each step is done.
 */
public final class PartitionArchiver {
    private static final NamedSql TABLES = NamedSql.load(PartitionArchiver.class, "archive_tables");
    private static final NamedSql STATEMENT = NamedSql.load(PartitionArchiver.class, "partition_statement");
    private static final NamedSql ARCHIVED = NamedSql.load(PartitionArchiver.class, "archived_partitions_list");
    private static final NamedSql RECORD = NamedSql.load(PartitionArchiver.class, "archived_partitions_record");
    private static final NamedSql FORGET = NamedSql.load(PartitionArchiver.class, "archived_partitions_forget");
    private static final NamedSql SCHEMA_VERSION = NamedSql.load(PartitionArchiver.class, "schema_version");
    /** The columns of killmail_payloads before migration 030, for archives written then. */
    private static final String CREATE_JSONB_PAYLOADS = """
            CREATE TEMP TABLE restore_jsonb_payloads (killmail_id bigint, killmail_time timestamptz, esi jsonb, zkb jsonb)
            ON COMMIT DROP""";
    private static final Pattern NAME = Pattern.compile("^(killmails|killmail_payloads|participants)_(\\d{4})_(\\d{2})$");
    private static final String DATA_SUFFIX = ".copy.zst";
    private static final Pattern MIGRATION = Pattern.compile("(\\d{3})-");
    /** The migration that stores killmails.player_attacker_ids as bytes instead of bigint[]. */
    private static final int PLAYER_ATTACKER_BYTES = 36;

    /** Told after each step of each table: detached, exported, verified, dropped; copied, attached. */
    public interface Steps {
        Steps NONE = (step, partition) -> { };

        void done(String step, String partition);
    }

    /** A monthly table as the catalog shows it. */
    record Table(String partition, String parent, boolean attached, boolean detachPending) {
    }

    /** One archived month of one table, as recorded in {@code archived_partitions}. */
    public record Archived(String partition, String parent, YearMonth month, long rows, String sha256, String file) {
    }

    /** What a restore did. */
    public record Restored(ArchiveManifest manifest, boolean alreadyRestored) {
    }

    private final Database database;
    private final Clock clock;
    private final Steps steps;

    public PartitionArchiver(Database database, Clock clock, Steps steps) {
        this.database = database;
        this.clock = clock;
        this.steps = steps;
    }

    /** Archives every month before {@code before} into {@code dir}; returns the manifests of the tables archived. */
    public List<ArchiveManifest> archive(YearMonth before, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EveDmvException("cannot create archive folder " + dir + ": " + e.getMessage(), e);
        }
        String schemaVersion = database.jdbi().withHandle(h -> SCHEMA_VERSION.query(h).mapTo(String.class).one());
        List<ArchiveManifest> done = new ArrayList<>();
        // PostgreSQL refuses any DETACH CONCURRENTLY on a parent while one of its partitions is
        // still pending detach, so interrupted detaches are finished first.
        List<Table> order = new ArrayList<>(tables().values());
        order.sort(java.util.Comparator.comparing((Table t) -> !t.detachPending()).thenComparing(Table::partition));
        for (Table t : order) {
            YearMonth month = monthOf(t.partition());
            if (!month.isBefore(before)) {
                continue;
            }
            detach(t);
            steps.done("detached", t.partition());
            long rows = count(t.partition());
            ArchiveManifest manifest = reusableManifest(dir, t.partition(), rows);
            if (manifest == null) {
                manifest = export(t, month, rows, dir, schemaVersion);
            }
            steps.done("exported", t.partition());
            verify(manifest, dir);
            steps.done("verified", t.partition());
            ArchiveManifest m = manifest;
            database.jdbi().useTransaction(h -> RECORD.update(h).bind("partition", m.partition())
                    .bind("parent", m.table()).bind("month", month.atDay(1)).bind("bounds", m.bounds())
                    .bind("rows", m.rows()).bind("sha256", m.sha256())
                    .bind("file", dir.resolve(m.file()).toAbsolutePath().toString())
                    .bind("schemaVersion", m.schemaVersion()).execute());
            execute(statement("drop", t.parent(), t.partition(), month));
            steps.done("dropped", t.partition());
            done.add(manifest);
        }
        return done;
    }

    /** Restores the table described by {@code manifestFile}; a table already restored is left as it is. */
    public Restored restore(Path manifestFile) {
        checkIsManifest(manifestFile);
        ArchiveManifest m = ArchiveManifest.read(manifestFile);
        YearMonth month = monthOf(m.partition());
        String parent = parentOf(m.partition());
        if (!parent.equals(m.table()) || !month.equals(m.yearMonth())) {
            throw new EveDmvException("manifest " + manifestFile + " names table " + m.table() + " and month "
                    + m.month() + ", which do not match partition " + m.partition());
        }
        Path dir = manifestFile.toAbsolutePath().getParent();
        Table t = tables().get(m.partition());
        if (t != null && t.attached() && !t.detachPending()) {
            if (count(m.partition()) == m.rows()) {
                forget(m.partition());
                return new Restored(m, true);
            }
            // the month was created again after the archive (a killmail arrived for it): merge
            verify(m, dir);
            merge(m, dir, month);
            steps.done("copied", m.partition());
            forget(m.partition());
            return new Restored(m, false);
        }
        verify(m, dir);
        if (t != null) {
            detach(t);
            long rows = count(m.partition());
            if (rows != m.rows()) {
                throw new EveDmvException("a detached table " + m.partition() + " exists with " + rows
                        + " rows, the archive has " + m.rows() + "; drop it or attach it by hand");
            }
        } else {
            load(m, dir, month);
        }
        steps.done("copied", m.partition());
        execute(statement("attach", parent, m.partition(), month));
        steps.done("attached", m.partition());
        forget(m.partition());
        return new Restored(m, false);
    }

    /** The months archived and not restored. */
    public List<Archived> archived() {
        return database.jdbi().withHandle(h -> ARCHIVED.query(h).map((rs, ctx) -> new Archived(
                rs.getString("partition_name"), rs.getString("parent"),
                YearMonth.from(rs.getDate("month").toLocalDate()), rs.getLong("row_count"), rs.getString("sha256"),
                rs.getString("file"))).list());
    }

    /** Checks the file against its manifest: SHA-256 of the compressed bytes, rows and size of the COPY stream. */
    public static void verify(ArchiveManifest m, Path dir) {
        Path data = dataFile(dir, m);
        MessageDigest sha = sha256();
        long tuples;
        long bytes;
        try (InputStream file = new DigestInputStream(new BufferedInputStream(Files.newInputStream(data)), sha);
             CountingInputStream copy = new CountingInputStream(new ZstdInputStream(file))) {
            tuples = BinaryCopyCounter.countTuples(copy);
            copy.transferTo(OutputStream.nullOutputStream());
            bytes = copy.count;
            file.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new EveDmvException("archive " + data + " is unreadable: " + e.getMessage(), e);
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (!digest.equals(m.sha256())) {
            throw new EveDmvException("archive " + data + " has SHA-256 " + digest + ", its manifest says " + m.sha256());
        }
        if (tuples != m.rows() || bytes != m.copyBytes()) {
            throw new EveDmvException("archive " + data + " holds " + tuples + " rows in " + bytes
                    + " bytes, its manifest says " + m.rows() + " rows in " + m.copyBytes());
        }
    }

    private void detach(Table t) {
        if (t.detachPending()) {
            execute(statement("finalize", t.parent(), t.partition(), monthOf(t.partition())));
        } else if (t.attached()) {
            execute(statement("detach", t.parent(), t.partition(), monthOf(t.partition())));
        }
    }

    private ArchiveManifest reusableManifest(Path dir, String partition, long rows) {
        Path file = ArchiveManifest.pathFor(dir, partition);
        if (!Files.exists(file)) {
            return null;
        }
        ArchiveManifest m = ArchiveManifest.read(file);
        if (m.rows() != rows || !m.partition().equals(partition)) {
            return null;
        }
        try {
            verify(m, dir);
            return m;
        } catch (EveDmvException e) {
            return null;
        }
    }

    private ArchiveManifest export(Table t, YearMonth month, long rows, Path dir, String schemaVersion) {
        Path data = dir.resolve(t.partition() + DATA_SUFFIX);
        Path tmp = dir.resolve(t.partition() + DATA_SUFFIX + ".tmp");
        long copied;
        long bytes;
        String copySql = statement("copy_out", t.parent(), t.partition(), month);
        try (Connection c = database.connection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (CountingOutputStream out = new CountingOutputStream(new ZstdOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(tmp)), 6))) {
                copied = copy.copyOut(copySql, out);
                bytes = out.count;
            }
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException | IOException e) {
            throw new EveDmvException("cannot export " + t.partition() + " to " + data + ": " + firstLine(e), e);
        }
        if (copied != rows) {
            throw new EveDmvException("exported " + copied + " rows of " + t.partition() + ", it holds " + rows);
        }
        String bounds = statement("bounds", t.parent(), t.partition(), month);
        ArchiveManifest m = new ArchiveManifest(t.parent(), t.partition(), month.toString(), bounds, rows, bytes,
                data.getFileName().toString(), fileSha256(data), schemaVersion, clock.instant());
        m.write(ArchiveManifest.pathFor(dir, t.partition()));
        return m;
    }

    private void load(ArchiveManifest m, Path dir, YearMonth month) {
        String parent = m.table();
        String create = statement("create", parent, m.partition(), month);
        String copyIn = copyInStatement("copy_in", m, dir, month);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement();
                 InputStream in = new ZstdInputStream(new BufferedInputStream(Files.newInputStream(dataFile(dir, m))))) {
                st.execute(create);
                long rows = copyIn(c, m, dir, copyIn, in, m.partition(), month);
                if (rows != m.rows()) {
                    c.rollback();
                    throw new EveDmvException("loaded " + rows + " rows into " + m.partition() + ", the manifest says "
                            + m.rows() + "; nothing restored");
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | IOException e) {
            throw new EveDmvException("cannot restore " + m.partition() + ": " + firstLine(e), e);
        }
    }

    /**
     * Loads the archive into a temporary table and inserts its rows into the attached partition,
     * skipping the killmails already there: one transaction, and a rerun inserts nothing twice.
     */
    private void merge(ArchiveManifest m, Path dir, YearMonth month) {
        String parent = m.table();
        String create = statement("create_staging", parent, m.partition(), month);
        String copyIn = copyInStatement("copy_staging", m, dir, month);
        String insert = statement("merge_staging", parent, m.partition(), month);
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement();
                 InputStream in = new ZstdInputStream(new BufferedInputStream(Files.newInputStream(dataFile(dir, m))))) {
                st.execute(create);
                long rows = copyIn(c, m, dir, copyIn, in, "restore_" + m.partition(), month);
                if (rows != m.rows()) {
                    throw new EveDmvException("read " + rows + " rows from the archive of " + m.partition()
                            + ", the manifest says " + m.rows() + "; nothing restored");
                }
                st.executeUpdate(insert);
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | IOException e) {
            throw new EveDmvException("cannot restore " + m.partition() + ": " + firstLine(e), e);
        }
    }

    /**
     * Loads the archive's rows into {@code into} with {@code copyIn}. An archive of
     * {@code killmail_payloads} written before migration 030 holds jsonb payloads: those are
     * loaded into a temporary table of the old columns and compressed into {@code into}
     * ({@link PayloadRewrite}). An archive of {@code killmails} written before migration 036 holds
     * {@code player_attacker_ids} as bigint[]: {@code into} takes them so, then converts them to bytes.
     */
    private long copyIn(Connection c, ArchiveManifest m, Path dir, String copyIn, InputStream in, String into,
                        YearMonth month) throws SQLException, IOException {
        if (m.table().equals("killmails") && migrationOf(m.schemaVersion()) < PLAYER_ATTACKER_BYTES) {
            try (Statement st = c.createStatement()) {
                st.execute(statement("attackers_as_arrays", m.table(), into, month));
                long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn, in);
                st.execute(statement("attackers_as_bytes", m.table(), into, month));
                return rows;
            }
        }
        if (!m.table().equals("killmail_payloads") || !holdsJsonbPayloads(dataFile(dir, m))) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn, in);
        }
        try (Statement st = c.createStatement()) {
            st.execute(CREATE_JSONB_PAYLOADS);
        }
        long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY restore_jsonb_payloads FROM STDIN (FORMAT binary)", in);
        PayloadRewrite.compress(c, "restore_jsonb_payloads", into);
        return rows;
    }

    /** The number of the migration a schema version (the id of its last changeset, {@code 035-…}) ends with; 0 if none. */
    static int migrationOf(String schemaVersion) {
        Matcher m = MIGRATION.matcher(schemaVersion == null ? "" : schemaVersion);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Whether a payloads archive's esi column is jsonb (binary jsonb starts with its version, 1; a zstd frame with 0x28). */
    private static boolean holdsJsonbPayloads(Path data) throws IOException {
        try (InputStream in = new ZstdInputStream(new BufferedInputStream(Files.newInputStream(data)))) {
            return BinaryCopyCounter.firstByteOfField(in, 2) == 1;
        }
    }

    Map<String, Table> tables() {
        return database.jdbi().withHandle(h -> {
            Map<String, Table> out = new LinkedHashMap<>();
            TABLES.query(h).map((rs, ctx) -> new Table(rs.getString("partition"), rs.getString("parent"),
                    rs.getBoolean("attached"), rs.getBoolean("detach_pending")))
                    .forEach(t -> out.put(t.partition(), t));
            return out;
        });
    }

    private void forget(String partition) {
        database.jdbi().useHandle(h -> FORGET.update(h).bind("partition", partition).execute());
    }

    private long count(String partition) {
        String sql = statement("count", parentOf(partition), partition, monthOf(partition));
        return database.jdbi().withHandle(h -> NamedSql.of("ops.partition_count", sql).query(h).mapTo(Long.class).one());
    }

    private String statement(String action, String parent, String partition, YearMonth month) {
        return statement(action, parent, partition, month, null);
    }

    private String statement(String action, String parent, String partition, YearMonth month, Integer fields) {
        return database.jdbi().withHandle(h -> STATEMENT.query(h).bind("action", action).bind("parent", parent)
                .bind("partition", partition).bind("month", month.atDay(1)).bind("fields", fields)
                .mapTo(String.class).one());
    }

    /**
     * The COPY that loads {@code m}'s file, into as many of the table's columns as the file holds:
     * an archive written before a migration added a column leaves it NULL. One written by a newer
     * schema, with columns this one lacks, is refused before anything is loaded.
     */
    private String copyInStatement(String action, ArchiveManifest m, Path dir, YearMonth month) {
        Path data = dataFile(dir, m);
        int fields;
        try (InputStream in = new ZstdInputStream(new BufferedInputStream(Files.newInputStream(data)))) {
            fields = BinaryCopyCounter.fieldsPerTuple(in);
        } catch (IOException e) {
            throw new EveDmvException("archive " + data + " is unreadable: " + e.getMessage(), e);
        }
        int columns = Integer.parseInt(statement("column_count", m.table(), m.partition(), month));
        if (fields > columns) {
            throw new EveDmvException("archive " + data + " holds " + fields + " columns per row and " + m.table()
                    + " has " + columns + ": it was written with a newer schema (" + m.schemaVersion()
                    + "); nothing restored (migrate this database with the eve-dmv that wrote it first)");
        }
        return statement(action, m.table(), m.partition(), month, fields < 0 ? null : fields);
    }

    /** Runs in autocommit: DETACH … CONCURRENTLY refuses to run inside a transaction block. */
    private void execute(String sql) {
        database.jdbi().useHandle((Handle h) -> NamedSql.of("ops.partition_ddl", sql).update(h).execute());
    }

    static YearMonth monthOf(String partition) {
        Matcher m = NAME.matcher(partition);
        if (!m.matches()) {
            throw new EveDmvException("'" + partition + "' is not a monthly table of killmails, killmail_payloads or participants");
        }
        return YearMonth.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    private static String parentOf(String partition) {
        Matcher m = NAME.matcher(partition);
        if (!m.matches()) {
            throw new EveDmvException("'" + partition + "' is not a monthly table of killmails, killmail_payloads or participants");
        }
        return m.group(1);
    }

    /** Restore is given a manifest; given an archive's data file instead, this names the manifest to give. */
    public static void checkIsManifest(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(DATA_SUFFIX)) {
            return;
        }
        Path manifest = ArchiveManifest.pathFor(file.toAbsolutePath().getParent(),
                name.substring(0, name.length() - DATA_SUFFIX.length()));
        throw new EveDmvException(file + " is an archive's data file; restore wants its manifest ("
                + (Files.exists(manifest) ? manifest : "the *" + ArchiveManifest.SUFFIX + " written beside it by archive")
                + ")");
    }

    private static Path dataFile(Path dir, ArchiveManifest m) {
        Path data = dir.resolve(m.file()).normalize();
        if (!data.getParent().equals(dir.normalize()) || !m.file().endsWith(DATA_SUFFIX)) {
            throw new EveDmvException("manifest names file '" + m.file() + "'; expected a *" + DATA_SUFFIX
                    + " file beside the manifest");
        }
        return data;
    }

    static String fileSha256(Path file) {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file)), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new EveDmvException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += s;
            return s;
        }
    }
}
