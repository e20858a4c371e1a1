package dev.evedmv.readmodel;

import java.util.Locale;

/** What a table of the schema is to the read model. */
public enum TableKind {
    /** Facts: what was received or loaded (killmails, participants, payloads, static data, names, prices). */
    BASE,
    /** Recomputable from the base tables (or from a derived table that verify itself checks against them). */
    DERIVED,
    /** Build records, cursors, locks and logs: what the processes did, not an answer. */
    BOOKKEEPING;

    /** "base", "derived" or "bookkeeping", as {@code db verify --json} writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
