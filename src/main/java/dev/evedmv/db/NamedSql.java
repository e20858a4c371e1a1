package dev.evedmv.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * A SQL statement with a name, kept as a {@code .sql} resource next to the feature that uses it.
 * The name tags its timer and identifies it in {@code db explain} and slow-query logs.
 */
public record NamedSql(String name, String sql) {

    /** Loads {@code /dev/evedmv/<feature>/<file>.sql}; the name is {@code feature.file}. */
    public static NamedSql load(Class<?> owner, String file) {
        String resource = file + ".sql";
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource + " next to " + owner.getName());
            }
            String pkg = owner.getPackageName();
            String feature = pkg.substring(pkg.lastIndexOf('.') + 1);
            return new NamedSql(feature + "." + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NamedSql of(String name, String sql) {
        return new NamedSql(name, sql);
    }

    public Query query(Handle handle) {
        return handle.createQuery(sql).define(QueryTimer.NAME_ATTRIBUTE, name);
    }

    public PreparedBatch batch(Handle handle) {
        return handle.prepareBatch(sql).define(QueryTimer.NAME_ATTRIBUTE, name);
    }

    public Update update(Handle handle) {
        return handle.createUpdate(sql).define(QueryTimer.NAME_ATTRIBUTE, name);
    }
}
