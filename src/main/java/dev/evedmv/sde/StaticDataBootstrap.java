package dev.evedmv.sde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.db.Database;

/**
 * Keeps the static data complete: every {@code sde_*} table that is empty (a fresh database, or a
 * source without that table: zKillboard's files have no groups or categories) is filled from the
 * subset bundled in the jar ({@value #BUNDLE}). Only the tables that are empty are filled, so a
 * partial SDE loaded by hand is never overwritten or trimmed by the smaller bundle.
 */
public final class StaticDataBootstrap {
    /** Classpath resource of the bundled subset, built by {@code BundledSdeBuilder} (see package-info). */
    public static final String BUNDLE = "bundled-sde.zip";

    private StaticDataBootstrap() {
    }

    /** Loads the bundled subset into every empty table; returns the load, if any table was empty. */
    public static Optional<SdeLoadResult> ensureLoaded(Database db) {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Long> counts = db.jdbi().withHandle(SdeStatus::tableCounts);
        Set<SdeTable> empty = EnumSet.noneOf(SdeTable.class);
        for (SdeTable table : SdeTable.values()) {
            if (counts.get(table.key()) == 0) {
                empty.add(table);
            }
        }
        if (empty.isEmpty()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        SdeSet bundled = readBundle(mapper).only(empty);
        return Optional.of(new SdeLoader(db, mapper).load(SdeLoader.prepare(bundled, System.nanoTime() - started)));
    }

    /** The bundled subset as read from the jar. */
    public static SdeSet readBundle(ObjectMapper mapper) {
        try (InputStream in = StaticDataBootstrap.class.getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its bundled static data " + BUNDLE);
            }
            return new SdeReader(mapper).read(SdeFiles.openZip("bundled:" + BUNDLE, in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
