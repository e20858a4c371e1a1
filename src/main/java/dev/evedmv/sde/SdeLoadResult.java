package dev.evedmv.sde;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one load did: per table the rows in the source files and what changed in the database.
 * A repeat load of the same data reports zero inserted, updated and deleted everywhere.
 */
public record SdeLoadResult(long loadId, Instant loadedAt, String source, Set<String> formats, String build,
                            long durationMs, Map<SdeTable, TableChanges> tables) {

    /**
     * @param sourceRows rows in the file, repeated ids included
     * @param duplicates rows skipped because their id came earlier in the file
     */
    public record TableChanges(int sourceRows, int duplicates, long inserted, long updated, long deleted) {
        public boolean changedAnything() {
            return inserted + updated + deleted > 0;
        }
    }

    public SdeLoadResult {
        tables = tables.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(tables));
        formats = Set.copyOf(formats);
    }

    public boolean changedAnything() {
        return tables.values().stream().anyMatch(TableChanges::changedAnything);
    }

    /** Whether a table that killmails are derived with changed: stored killmails then want a rederive. */
    public boolean changedKillmailDerivation() {
        return tables.entrySet().stream().anyMatch(e -> e.getKey().derivesKillmails() && e.getValue().changedAnything());
    }

    /** The format column of {@code sde_loads}: the formats read, joined with '+'. */
    public static String formatLabel(Set<String> formats) {
        return String.join("+", new TreeSet<>(formats));
    }
}
