package dev.evedmv.ingest;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.db.Database;
import dev.evedmv.killmail.Derivation;
import dev.evedmv.killmail.KillmailParser;
import dev.evedmv.sde.DatabaseStaticData;
import dev.evedmv.sde.SdeLoadResult;
import dev.evedmv.sde.StaticDataBootstrap;

/**
 * What every ingest path needs, built once per process: static data (the bundled subset loaded
 * first into the tables that are empty; a warning when killmails stored before want a rederive),
 * the stored prices, parser, derivation and the writer.
 */
public record IngestSetup(Database database, DatabaseStaticData staticData, KillmailDecoders decoders,
                          KillmailWriter writer, RejectedInputs rejects) {
    private static final Logger log = LoggerFactory.getLogger(IngestSetup.class);

    public static IngestSetup open(Database database, Clock clock) {
        StaticDataBootstrap.ensureLoaded(database).filter(SdeLoadResult::changedKillmailDerivation)
                .ifPresent(fill -> Rederivation.adviceAfterStaticData(database)
                .ifPresent(advice -> log.warn("Static data tables {} were empty and are filled from the bundled subset; {}",
                        fill.tables().keySet(), advice)));
        DatabaseStaticData staticData = DatabaseStaticData.load(database);
        Derivation derivation = new Derivation(staticData, new PriceStore(database).current());
        return new IngestSetup(database, staticData, new KillmailDecoders(new KillmailParser(), derivation),
                new KillmailWriter(database, clock), new RejectedInputs(database));
    }

    /** A new setup whose derivation sees prices loaded since this one was made. */
    public IngestSetup withCurrentPrices() {
        Derivation derivation = new Derivation(staticData, new PriceStore(database).current());
        return new IngestSetup(database, staticData, new KillmailDecoders(new KillmailParser(), derivation), writer,
                rejects);
    }
}
