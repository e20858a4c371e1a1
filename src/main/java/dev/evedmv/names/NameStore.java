package dev.evedmv.names;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.EveDmvException;
import dev.evedmv.db.CsvCopy;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/** The names table: bulk upserts (COPY into a staging table, one statement to merge). */
public final class NameStore {
    private static final NamedSql STAGE = NamedSql.of("names.create_stage",
            "CREATE TEMP TABLE IF NOT EXISTS stage_names (id bigint, category text, name text) ON COMMIT DROP");
    private static final NamedSql MERGE = NamedSql.load(NameStore.class, "merge_names");
    private static final NamedSql STORE_RESOLVED = NamedSql.load(NameStore.class, "store_resolved_names");
    private static final NamedSql MARK_UNKNOWN = NamedSql.load(NameStore.class, "mark_unknown_names");
    private static final NamedSql CLEAR_STAGE = NamedSql.of("names.clear_stage", "TRUNCATE stage_names");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Names merged per statement: a names file can hold millions, more than one statement should take. */
    static final int CHUNK = 50_000;
    /** What the connection of {@link #upsert} is for, in {@code pg_stat_activity}. */
    private static final String BULK_LOAD = "names load";

    private final Database database;

    public NameStore(Database database) {
        this.database = database;
    }

    /** Loads a {@code names.jsonl} file ({"id", "category", "name"} per line); returns the rows inserted or changed. */
    public int loadFile(Path file) {
        List<Name> names = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    if (!n.path("id").canConvertToLong() || !n.path("category").isTextual() || !n.path("name").isTextual()) {
                        throw new EveDmvException("needs id, category and name");
                    }
                    names.add(new Name(n.get("id").asLong(), n.get("category").asText(), n.get("name").asText()));
                } catch (IOException | EveDmvException e) {
                    throw new EveDmvException(file + " line " + lineNo + ": not a name record ("
                            + e.getMessage().lines().findFirst().orElse("") + ")", e);
                }
            }
        } catch (IOException e) {
            throw new EveDmvException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return upsert(names);
    }

    /**
     * Inserts new names and updates changed ones, all or nothing, {@link #CHUNK} per statement (so that
     * each stays within the statement timeout); returns how many rows changed. It runs on a connection
     * opened beside the pool: the names of a two-year archive set (two million) take over a minute in
     * one transaction, which the pool's leak detection would report, and which would keep a connection
     * from answers.
     */
    public int upsert(List<Name> names) {
        if (names.isEmpty()) {
            return 0;
        }
        try (Handle handle = database.openDedicated(BULK_LOAD)) {
            return handle.inTransaction(h -> {
                STAGE.update(h).execute();
                int changed = 0;
                for (int from = 0; from < names.size(); from += CHUNK) {
                    if (from > 0) {
                        CLEAR_STAGE.update(h).execute();
                    }
                    copy(h, names.subList(from, Math.min(names.size(), from + CHUNK)));
                    changed += MERGE.update(h).execute();
                }
                return changed;
            });
        }
    }

    /** Stores what ESI answered: {@code names} with a fresh fetched_at, {@code unknown} marked unknown. */
    public void storeResolved(List<Name> names, List<Long> unknown) {
        database.jdbi().useTransaction(h -> {
            if (!names.isEmpty()) {
                STAGE.update(h).execute();
                copy(h, names);
                STORE_RESOLVED.update(h).execute();
            }
            if (!unknown.isEmpty()) {
                MARK_UNKNOWN.update(h).bind("ids", unknown.stream().mapToLong(Long::longValue).toArray()).execute();
            }
        });
    }

    private static void copy(Handle h, List<Name> names) {
        CsvCopy rows = new CsvCopy();
        for (Name n : names) {
            rows.value(n.id()).text(n.category()).text(n.name()).endRow();
        }
        try {
            rows.sendTo(h.getConnection(), "COPY stage_names (id, category, name) FROM STDIN (FORMAT csv)");
        } catch (SQLException e) {
            throw new EveDmvException("loading names failed: " + e.getMessage(), e);
        }
    }
}
