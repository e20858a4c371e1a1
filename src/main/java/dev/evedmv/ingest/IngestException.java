package dev.evedmv.ingest;

import dev.evedmv.EveDmvException;

/** Ingest could not go on (the database refused a write, an input cannot be read at all). */
public class IngestException extends EveDmvException {
    public IngestException(String message) {
        super(message);
    }

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
