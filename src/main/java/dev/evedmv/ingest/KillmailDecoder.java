package dev.evedmv.ingest;

import dev.evedmv.killmail.DerivedKillmail;

/** Turns one document of a source format into a derived killmail; throws an EveDmvException saying what is wrong. */
@FunctionalInterface
public interface KillmailDecoder {
    DerivedKillmail decode(byte[] json);
}
