package dev.evedmv.killmail;

import dev.evedmv.EveDmvException;

/**
 * Input that is not a killmail in the format it claims to be. The message names the field
 * (as a path such as {@code attackers[2].damage_done}) and what is wrong with it.
 */
public class KillmailFormatException extends EveDmvException {
    private final String field;

    public KillmailFormatException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public KillmailFormatException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** The offending field's path, or {@code "$"} for the document as a whole. */
    public String field() {
        return field;
    }
}
