package dev.evedmv.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.evedmv.battles.BattleMaintenance;
import dev.evedmv.cache.Invalidations;
import dev.evedmv.db.CsvCopy;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Killmail;

/**
 * Stores batches of derived killmails exactly once. In one transaction per batch: claim the ids
 * in {@code killmail_directory} (only new ones come back), COPY the new killmails, payloads and
 * participants, add their rollup increments ({@link RollupDeltas}) and announce the entities they
 * touched to the caches ({@link Invalidations}, delivered on commit); whatever the caller adds (a feed cursor) commits with it.
 * A batch the database refuses is retried killmail by killmail, and the ones it still refuses
 * are recorded as rejected; the rest go on.
 */
public final class KillmailWriter {
    private static final Logger log = LoggerFactory.getLogger(KillmailWriter.class);

    /** counting-rules.md §2: killmail times before this day (the game's launch) are impossible. */
    public static final Instant EARLIEST = LocalDate.of(2003, 5, 6).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private static final NamedSql CLAIM = NamedSql.load(KillmailWriter.class, "claim_killmail_ids");
    private static final NamedSql ENSURE_PARTITION = NamedSql.of("ingest.ensure_month_partition",
            "SELECT evedmv_ensure_month_partition(:month)");

    static final String COPY_KILLMAILS = """
            COPY %s (killmail_id, killmail_time, solar_system_id, constellation_id, region_id, security,
                security_band, moon_id, war_id, hash, victim_character_id, victim_corporation_id, victim_alliance_id,
                victim_faction_id, victim_ship_type_id, victim_damage_taken, attacker_count, final_blow_character_id,
                final_blow_corporation_id, final_blow_alliance_id, final_blow_ship_type_id, total_value, fitted_value,
                dropped_value, destroyed_value, zkb_points, value_source, is_npc, is_solo, is_awox, labels, source,
                player_attacker_ids)
            FROM STDIN (FORMAT csv)""";
    private static final String COPY_PAYLOADS =
            "COPY %s (killmail_id, killmail_time, esi, zkb) FROM STDIN (FORMAT csv)";
    static final String COPY_PARTICIPANTS = """
            COPY %s (killmail_id, killmail_time, slot, is_victim, character_id, corporation_id,
                alliance_id, faction_id, ship_type_id, weapon_type_id, damage, final_blow, security_status,
                solar_system_id, region_id, is_npc, is_solo, total_value, attacker_count)
            FROM STDIN (FORMAT csv)""";

    /**
     * Where a batch goes and how it is made atomic: the live partitions, one transaction per
     * batch (the default); or a month being backfilled ({@link MonthBackfill}), whose load tables
     * take every batch in one long transaction, a savepoint per batch.
     */
    interface Destination {
        /** The tables the COPYs write: killmails, payloads, participants (names we make, never input). */
        Tables tables();

        /** Runs {@code work} atomically: all of it happens or none. */
        <T> T atomically(java.util.function.Function<Handle, T> work);

        /** Adds the rollup parts of a batch's new killmails, within the batch's unit of work. */
        void rollUp(Handle h, List<EncodedKillmail> stored) throws SQLException;
    }

    record Tables(String killmails, String payloads, String participants) {
    }

    /** Work the caller wants in the batch's transaction, e.g. storing the feed cursor it covers. */
    @FunctionalInterface
    public interface InTransaction {
        void run(Handle handle);

        InTransaction NOTHING = h -> { };
    }

    private final Database database;
    private final RejectedInputs rejects;
    private final Clock clock;
    private final Invalidations invalidations;
    private final Set<YearMonth> partitionsEnsured = new HashSet<>();

    private final Destination live;

    public KillmailWriter(Database database, Clock clock) {
        this.database = database;
        this.rejects = new RejectedInputs(database);
        this.clock = clock;
        this.invalidations = new Invalidations(clock, database.registry());
        this.live = new Destination() {
            private final Tables tables = new Tables("killmails", "killmail_payloads", "participants");

            @Override
            public Tables tables() {
                return tables;
            }

            @Override
            public <T> T atomically(java.util.function.Function<Handle, T> work) {
                return database.jdbi().inTransaction(work::apply);
            }

            /**
             * Written at once. Days before yesterday may be counted by a top ranking: what late
             * killmails add to them is logged for the rankings to correct by, instead of making them stale.
             */
            @Override
            public void rollUp(Handle h, List<EncodedKillmail> stored) throws SQLException {
                RollupDeltas batch = new RollupDeltas();
                for (EncodedKillmail e : stored) {
                    batch.add(e.rollup());
                }
                LocalDate yesterday = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
                batch.logLate(h, yesterday);
                batch.write(h).record(h, yesterday);
            }
        };
    }

    Database database() {
        return database;
    }

    /** The default destination: the live partitions, a transaction per batch. */
    Destination live() {
        return live;
    }

    /**
     * Writes one batch, tagged with {@code source} (e.g. "import", "r2z2"). Returns counts of new,
     * duplicate and rejected killmails.
     */
    public WriteResult write(List<DerivedKillmail> batch, String source, InTransaction alsoInTransaction) {
        List<EncodedKillmail> encoded = new ArrayList<>(batch.size());
        for (DerivedKillmail d : batch) {
            encoded.add(EncodedKillmail.of(d, source));
        }
        return write(encoded, source, alsoInTransaction, live);
    }

    /**
     * Writes one batch of killmails encoded beforehand (with the same {@code source}) to
     * {@code destination}; the live partitions of its months are made first for the default destination.
     */
    WriteResult write(List<EncodedKillmail> batch, String source, InTransaction alsoInTransaction,
                      Destination destination) {
        List<Rejection> rejected = new ArrayList<>();
        Map<Long, EncodedKillmail> unique = new LinkedHashMap<>();
        long duplicatesInBatch = 0;
        Instant latest = clock.instant().plus(FUTURE_TOLERANCE);
        for (EncodedKillmail e : batch) {
            Killmail km = e.derived().killmail();
            if (km.time().isBefore(EARLIEST) || km.time().isAfter(latest)) {
                rejected.add(new Rejection(source + ":" + km.killmailId(),
                        "impossible killmail_time " + km.time() + " (before 2003-05-06 or more than a day ahead)",
                        km.rawEsi()));
            } else if (unique.putIfAbsent(km.killmailId(), e) != null) {
                duplicatesInBatch++;
            }
        }
        List<EncodedKillmail> candidates = new ArrayList<>(unique.values());
        if (destination == live) {
            ensurePartitions(candidates);
        }
        try {
            long inserted = destination.atomically(h -> {
                long n = writeInTransaction(h, candidates, destination);
                rejects.record(h, rejected);
                alsoInTransaction.run(h);
                return n;
            });
            return new WriteResult(inserted, candidates.size() - inserted + duplicatesInBatch, rejected.size());
        } catch (RuntimeException e) {
            if (!isDataError(e)) {
                throw e;
            }
            log.warn("A batch of {} killmails was refused ({}); writing them one by one", candidates.size(),
                    rootMessage(e));
            return writeOneByOne(candidates, rejected, source, alsoInTransaction, destination).plus(
                    new WriteResult(0, duplicatesInBatch, 0));
        }
    }

    private WriteResult writeOneByOne(List<EncodedKillmail> candidates, List<Rejection> rejected, String source,
                                      InTransaction alsoInTransaction, Destination destination) {
        long inserted = 0;
        long duplicates = 0;
        for (EncodedKillmail d : candidates) {
            try {
                long n = destination.atomically(h -> writeInTransaction(h, List.of(d), destination));
                inserted += n;
                duplicates += 1 - n;
            } catch (RuntimeException e) {
                if (!isDataError(e)) {
                    throw e;
                }
                rejected.add(new Rejection(source + ":" + d.killmailId(),
                        "refused by the database: " + rootMessage(e), d.derived().killmail().rawEsi()));
            }
        }
        destination.atomically(h -> {
            rejects.record(h, rejected);
            alsoInTransaction.run(h);
            return null;
        });
        return new WriteResult(inserted, duplicates, rejected.size());
    }

    private long writeInTransaction(Handle h, List<EncodedKillmail> candidates, Destination destination) {
        try {
            return copyAndRollUp(h, candidates, destination);
        } catch (SQLException e) {
            throw new IngestException("writing killmails failed: " + e.getMessage(), e);
        }
    }

    private long copyAndRollUp(Handle h, List<EncodedKillmail> candidates, Destination destination)
            throws SQLException {
        Tables tables = destination.tables();
        if (candidates.isEmpty()) {
            return 0;
        }
        long[] ids = new long[candidates.size()];
        String[] times = new String[candidates.size()];
        for (int i = 0; i < ids.length; i++) {
            Killmail km = candidates.get(i).derived().killmail();
            ids[i] = km.killmailId();
            times[i] = km.time().toString();
        }
        Set<Long> fresh = new HashSet<>(CLAIM.query(h).bind("ids", ids).bind("times", times)
                .mapTo(Long.class).list());
        if (fresh.isEmpty()) {
            return 0;
        }
        List<EncodedKillmail> stored = new ArrayList<>(fresh.size());
        int payloadBytes = 0;
        int participantBytes = 0;
        for (EncodedKillmail e : candidates) {
            if (fresh.contains(e.killmailId())) {
                stored.add(e);
                payloadBytes += e.payloadRow().length;
                participantBytes += e.participantRows().length;
            }
        }
        CsvCopy killmails = new CsvCopy(stored.size() * 400);
        CsvCopy payloads = new CsvCopy(payloadBytes);
        CsvCopy participants = new CsvCopy(participantBytes);
        for (EncodedKillmail e : stored) {
            killmails.appendRows(e.killmailRow(), 1);
            payloads.appendRows(e.payloadRow(), 1);
            participants.appendRows(e.participantRows(), e.participants());
        }
        Connection c = h.getConnection();
        killmails.sendTo(c, COPY_KILLMAILS.formatted(tables.killmails()));
        payloads.sendTo(c, COPY_PAYLOADS.formatted(tables.payloads()));
        participants.sendTo(c, COPY_PARTICIPANTS.formatted(tables.participants()));
        destination.rollUp(h, stored);
        if (destination == live) {
            refreshBattles(h, stored);
        }
        invalidations.announce(h, stored.stream().map(EncodedKillmail::derived).toList());
        return fresh.size();
    }

    /**
     * docs/battles.md: the battles of the systems the new killmails landed in, recomputed in the
     * batch's transaction (a month's backfill recomputes its month once attached, {@link MonthBackfill}).
     */
    private static void refreshBattles(Handle h, List<EncodedKillmail> stored) {
        BattleMaintenance.Collector touched = new BattleMaintenance.Collector();
        for (EncodedKillmail e : stored) {
            Killmail km = e.derived().killmail();
            touched.add(km.solarSystemId(), km.time(), e.derived().npc());
        }
        BattleMaintenance.refresh(h, touched.touched());
    }

    private void ensurePartitions(List<EncodedKillmail> batch) {
        Set<YearMonth> months = new HashSet<>();
        for (EncodedKillmail e : batch) {
            months.add(YearMonth.from(e.derived().killmail().time().atOffset(ZoneOffset.UTC)));
        }
        months.removeAll(partitionsEnsured);
        if (months.isEmpty()) {
            return;
        }
        database.jdbi().useTransaction(h -> {
            for (YearMonth m : months) {
                ENSURE_PARTITION.query(h).bind("month", m.atDay(1)).mapTo(Boolean.class).one();
            }
        });
        partitionsEnsured.addAll(months);
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity): the input, not the database, is at fault. */
    private static boolean isDataError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException se && se.getSQLState() != null
                    && (se.getSQLState().startsWith("22") || se.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        String m = String.valueOf(c.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
