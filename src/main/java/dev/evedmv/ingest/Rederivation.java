package dev.evedmv.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.EveDmvException;
import dev.evedmv.battles.BattleMaintenance;
import dev.evedmv.cache.Invalidations;
import dev.evedmv.db.CsvCopy;
import dev.evedmv.db.PayloadCodec;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.killmail.Derivation;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Killmail;
import dev.evedmv.killmail.KillmailParser;
import dev.evedmv.sde.DatabaseStaticData;
import dev.evedmv.sde.StaticDataBootstrap;

/**
 * {@code db rederive}: derives every stored killmail of a time range again from its raw payload
 * with the static data and prices stored now, and rewrites those that come out different: their
 * row, their participants and every rollup they count in.
 * <p>
 * Batches of {@value #DEFAULT_BATCH} killmails in time order, one transaction each, the killmails
 * locked: the batch's new rows are staged and compared with the stored ones; for those that differ,
 * what they added to {@code entity_daily} is recomputed from their stored participants (the same
 * SELECTs as {@code db verify}), what they add now from the new ones, and the difference is
 * upserted like a write's increments ({@code rollup_days} versions raised, so the top rankings are
 * built again; monthly lists and daily heads of the rows touched dropped and rebuilt). Because the
 * old figures are read from what is stored, in the transaction that replaces it, a batch applies
 * at most once: a killed rederive loses its open batch only, and run again finds the killmails
 * already rewritten equal and leaves them. Caches hear of the entities touched on commit, and at
 * the end of a run that rewrote any killmail, that every answer may have changed: a summary kept
 * current from its recent days alone sees no change of a past day's ISK or solo figures.
 */
public final class Rederivation {
    private static final Logger log = LoggerFactory.getLogger(Rederivation.class);
    static final int DEFAULT_BATCH = 5_000;

    private static final NamedSql COUNT = NamedSql.load(Rederivation.class, "rederive_count");
    private static final NamedSql BATCH = NamedSql.load(Rederivation.class, "rederive_batch");
    private static final NamedSql CREATE_STAGE = NamedSql.load(Rederivation.class, "rederive_create_stage");
    private static final NamedSql CREATE_ROLLUP_STAGES = NamedSql.load(Rederivation.class, "create_stage_tables");
    static final NamedSql CREATE_DAILY_STAGE = NamedSql.load(Rederivation.class, "create_rollup_stage");
    static final NamedSql EMPTY_DAILY_STAGE = NamedSql.of("ingest.rederive_empty_daily_stage",
            "DELETE FROM stage_daily");
    private static final NamedSql CHANGED = NamedSql.load(Rederivation.class, "rederive_changed");
    private static final NamedSql STAGE_OLD = NamedSql.load(Rederivation.class, "rederive_stage_old");
    private static final NamedSql STAGE_NEW = NamedSql.load(Rederivation.class, "rederive_stage_new");
    private static final NamedSql EMPTY_STAGE = NamedSql.load(Rederivation.class, "rederive_empty_stage");
    private static final NamedSql OLD_ROLLUPS = rollupsInto("rederive_old");
    private static final NamedSql NEW_ROLLUPS = rollupsInto("rederive_new");
    private static final NamedSql DELTAS = NamedSql.load(Rederivation.class, "rederive_deltas");
    private static final NamedSql UPSERT_DAILY = NamedSql.load(Rederivation.class, "upsert_daily_deltas");
    private static final NamedSql CLEAN_DAILY = NamedSql.load(Rederivation.class, "rederive_clean_daily");
    /** The monthly lists and daily heads of the entity-days in {@code stage_daily}, and their months' build records, deleted. */
    static final NamedSql STALE_LISTS = NamedSql.load(Rederivation.class, "rederive_stale_lists");
    private static final NamedSql UPDATE_KILLMAILS = NamedSql.load(Rederivation.class, "rederive_update_killmails");
    private static final NamedSql DELETE_PARTICIPANTS = NamedSql.load(Rederivation.class, "rederive_delete_participants");
    private static final NamedSql INSERT_PARTICIPANTS = NamedSql.load(Rederivation.class, "rederive_insert_participants");
    private static final NamedSql ADVICE = NamedSql.load(Rederivation.class, "rederive_advice");
    private static final NamedSql CHANGED_IDS = NamedSql.of("ingest.rederive_changed_ids",
            "SELECT killmail_id, old_region_id FROM rederive_changed");

    /** What a rederive did: killmails derived again, those rewritten, and those whose payload no longer parses. */
    public record Result(long examined, long rewritten, long unreadable) {
        Result plus(Result o) {
            return new Result(examined + o.examined, rewritten + o.rewritten, unreadable + o.unreadable);
        }
    }

    /** Progress after a batch: where it got to, and the totals so far of {@code total} killmails in the range. */
    public record Progress(Instant reached, long total, Result sofar) {
    }

    private final Database database;
    private final Derivation derivation;
    private final KillmailParser parser = new KillmailParser();
    private final Invalidations invalidations;
    private final int batchSize;

    /** With the static data and prices stored now (the bundled subset first fills any empty static-data table). */
    public Rederivation(Database database, Clock clock) {
        this(database, clock, DEFAULT_BATCH);
    }

    Rederivation(Database database, Clock clock, int batchSize) {
        StaticDataBootstrap.ensureLoaded(database);
        this.database = database;
        this.derivation = new Derivation(DatabaseStaticData.load(database), new PriceStore(database).current());
        this.invalidations = new Invalidations(clock, database.registry());
        this.batchSize = batchSize;
    }

    /** Rederives the killmails of [since, until); {@code progress} hears after every batch. */
    public Result run(Instant since, Instant until, Consumer<Progress> progress) {
        long total = database.jdbi().withHandle(h -> COUNT.query(h).bind("since", since.toString())
                .bind("until", until.toString()).mapTo(Long.class).one());
        Result sofar = new Result(0, 0, 0);
        Cursor cursor = new Cursor(since, Long.MIN_VALUE);
        while (true) {
            Cursor from = cursor;
            Batch batch = database.jdbi().inTransaction(h -> rederiveBatch(h, since, until, from));
            if (batch.result().examined() + batch.result().unreadable() == 0) {
                // docs/battles.md: values, regions and flags may have changed; a rederive also repairs battles
                database.jdbi().useHandle(h -> BattleMaintenance.refreshRange(h, since, until));
                if (sofar.rewritten() > 0) {
                    database.jdbi().useTransaction(invalidations::announceAll);
                }
                return sofar;
            }
            sofar = sofar.plus(batch.result());
            cursor = batch.next();
            progress.accept(new Progress(cursor.time(), total, sofar));
        }
    }

    private record Cursor(Instant time, long killmailId) {
    }

    private record Batch(Cursor next, Result result) {
    }

    private record Changed(long killmailId, Integer oldRegionId) {
    }

    private record Stored(long killmailId, Instant time, String hash, String source, byte[] esi, byte[] zkb) {
    }

    private Batch rederiveBatch(Handle h, Instant since, Instant until, Cursor after) {
        h.execute("SET LOCAL statement_timeout = 0");
        List<Stored> stored = BATCH.query(h).bind("since", since.toString()).bind("until", until.toString())
                .bind("after_time", after.time().toString()).bind("after_id", after.killmailId())
                .bind("limit", batchSize)
                .map((rs, ctx) -> new Stored(rs.getLong("killmail_id"),
                        rs.getObject("killmail_time", OffsetDateTime.class).toInstant(), rs.getString("hash"),
                        rs.getString("source"), rs.getBytes("esi"), rs.getBytes("zkb")))
                .list();
        if (stored.isEmpty()) {
            return new Batch(after, new Result(0, 0, 0));
        }
        Stored last = stored.get(stored.size() - 1);
        Cursor next = new Cursor(last.time(), last.killmailId());
        Map<Long, DerivedKillmail> derived = new HashMap<>();
        CsvCopy killmails = new CsvCopy(stored.size() * 400);
        CsvCopy participants = new CsvCopy(stored.size() * 1600);
        long unreadable = 0;
        for (Stored s : stored) {
            Killmail km;
            try {
                km = reparse(s);
            } catch (EveDmvException e) { // a payload that no longer parses, or a damaged frame
                log.warn("killmail {} of {}: its stored payload does not parse ({}); left as it is", s.killmailId(),
                        s.time(), e.getMessage());
                unreadable++;
                continue;
            }
            DerivedKillmail d = derivation.derive(km);
            EncodedKillmail e = EncodedKillmail.of(d, s.source());
            killmails.appendRows(e.killmailRow(), 1);
            participants.appendRows(e.participantRows(), e.participants());
            derived.put(s.killmailId(), d);
        }
        String first = stored.get(0).time().toString();
        String lastTime = last.time().toString();
        try {
            CREATE_STAGE.update(h).execute();
            Connection c = h.getConnection();
            killmails.sendTo(c, KillmailWriter.COPY_KILLMAILS.formatted("rederive_killmails"));
            participants.sendTo(c, KillmailWriter.COPY_PARTICIPANTS.formatted("rederive_participants"));
            int changed = CHANGED.update(h).bind("first", first).bind("last", lastTime).execute();
            if (changed > 0) {
                rewrite(h, first, lastTime, derived);
            }
            return new Batch(next, new Result(derived.size(), changed, unreadable));
        } catch (SQLException e) {
            throw new IngestException("rederiving killmails failed: " + e.getMessage(), e);
        }
    }

    /**
     * The stored payload (compressed, {@link PayloadCodec}) read back as the killmail it was, with the
     * stored hash: the payload keeps the ESI object and the zkb block, not the envelope an R2Z2 record
     * carries its hash in.
     */
    private Killmail reparse(Stored s) {
        Killmail km = parser.parseStored(PayloadCodec.decompress(s.esi()), PayloadCodec.decompress(s.zkb()));
        if (s.hash() == null || s.hash().equals(km.hash())) {
            return km;
        }
        return new Killmail(km.killmailId(), s.hash(), km.time(), km.solarSystemId(), km.moonId(), km.warId(),
                km.victim(), km.attackers(), km.zkb(), km.rawEsi(), km.rawZkb());
    }

    /** Replaces the rollup parts, rows and participants of the killmails in {@code rederive_changed}. */
    private void rewrite(Handle h, String first, String last, Map<Long, DerivedKillmail> derived) {
        CREATE_ROLLUP_STAGES.update(h).execute();
        CREATE_DAILY_STAGE.update(h).execute();
        EMPTY_STAGE.update(h).execute();
        EMPTY_DAILY_STAGE.update(h).execute();
        STAGE_OLD.update(h).bind("first", first).bind("last", last).execute();
        Rollups.STAGE_ENTITY_KILLMAILS.update(h).execute();
        OLD_ROLLUPS.update(h).execute();
        EMPTY_STAGE.update(h).execute();
        STAGE_NEW.update(h).execute();
        Rollups.STAGE_ENTITY_KILLMAILS.update(h).execute();
        NEW_ROLLUPS.update(h).execute();
        if (DELTAS.update(h).execute() > 0) {
            RollupDays days = UPSERT_DAILY.query(h)
                    .scanResultSet((results, ctx) -> RollupDays.fromUpsert(results.get()));
            days.record(h, null);
            CLEAN_DAILY.update(h).execute();
            STALE_LISTS.update(h).execute();
        }
        UPDATE_KILLMAILS.update(h).bind("first", first).bind("last", last).execute();
        DELETE_PARTICIPANTS.update(h).bind("first", first).bind("last", last).execute();
        INSERT_PARTICIPANTS.update(h).execute();
        List<DerivedKillmail> touched = new ArrayList<>();
        for (Changed c : CHANGED_IDS.query(h).map((rs, ctx) -> new Changed(rs.getLong("killmail_id"),
                (Integer) rs.getObject("old_region_id"))).list()) {
            DerivedKillmail now = derived.get(c.killmailId());
            touched.add(now);
            if (c.oldRegionId() != null && !c.oldRegionId().equals(now.regionId())) {
                touched.add(inRegion(now, c.oldRegionId()));
            }
        }
        invalidations.announce(h, touched);
    }

    /** The killmail as counted in another region: the region it left must hear of the change too. */
    private static DerivedKillmail inRegion(DerivedKillmail d, Integer regionId) {
        return new DerivedKillmail(d.killmail(), d.attackerCount(), d.finalBlow(), d.npc(), d.solo(), d.awox(),
                d.securityBand(), d.security(), d.constellationId(), regionId, d.totalValue(), d.valueSource(),
                d.labels());
    }

    /**
     * What to say after a load of static data that changed something: the stored killmails were
     * derived with the data before it. Empty when none is stored.
     */
    public static Optional<String> adviceAfterStaticData(Database database) {
        long stored = stored(database).stored();
        return stored == 0 ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
                "%,d killmails stored were derived with the static data before this load: "
                        + "'eve-dmv db rederive' derives them again with it", stored));
    }

    /**
     * What to say after a price load that changed something: the stored killmails that carry no
     * zKillboard value were valued with the prices before it. Empty when there are none.
     */
    public static Optional<String> adviceAfterPrices(Database database) {
        long priced = stored(database).pricedHere();
        return priced == 0 ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
                "%,d killmails stored carry no zKillboard value and were valued with the prices before this load: "
                        + "'eve-dmv db rederive' values them again", priced));
    }

    private record StoredCounts(long stored, long pricedHere) {
    }

    private static StoredCounts stored(Database database) {
        return database.jdbi().withHandle(h -> ADVICE.query(h)
                .map((rs, ctx) -> new StoredCounts(rs.getLong("stored"), rs.getLong("priced_here"))).one());
    }

    private static NamedSql rollupsInto(String table) {
        return NamedSql.of("ingest." + table + "_rollups",
                "CREATE TEMP TABLE " + table + " ON COMMIT DROP AS " + Rollups.ALL.get(0).select().sql());
    }
}
