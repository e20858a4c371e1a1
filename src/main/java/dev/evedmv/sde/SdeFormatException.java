package dev.evedmv.sde;

import dev.evedmv.EveDmvException;

/**
 * An SDE file cannot be read as its format says: a bad JSON line, a missing column, a value of
 * the wrong type. The message names the file and the line; nothing of the load was written.
 */
public final class SdeFormatException extends EveDmvException {
    public SdeFormatException(String file, long line, String problem) {
        super(file + " line " + line + ": " + problem);
    }

    public SdeFormatException(String file, long line, String problem, Throwable cause) {
        super(file + " line " + line + ": " + problem, cause);
    }

    /** A problem with a source as a whole (no files found, a table given twice). */
    public SdeFormatException(String problem) {
        super(problem);
    }
}
