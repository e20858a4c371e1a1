package dev.evedmv.readmodel;

import dev.evedmv.db.Database;

/**
 * One derived table: what it is recomputed from, how a reader or its builder knows it is fresh,
 * and how {@code db verify} checks it over a range of days. A verification holds no connection
 * long: it works in chunks (days, months, entity kinds), each in a transaction of its own.
 */
public interface DerivedTable {
    /** The table (or, for a derived column of a base table, {@code table.column}). */
    String name();

    /** What it is built from, and what verify recomputes it from. */
    String builtFrom();

    /** How its freshness is known: which mechanism says whether a row may be read. */
    String freshness();

    /** Recomputes what it should hold over {@code days} and compares; progress told per chunk. */
    Verification verify(Database database, DayRange days, Progress progress);

    /** Told after each chunk of a verification, one line for a terminal. */
    @FunctionalInterface
    interface Progress {
        void line(String text);

        Progress NONE = text -> { };
    }
}
