package dev.evedmv.ingest;

import dev.evedmv.IdBytes;
import dev.evedmv.db.CsvCopy;
import dev.evedmv.db.PayloadCodec;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.Derivation;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Killmail;
import dev.evedmv.killmail.Victim;

/**
 * A derived killmail made ready for {@link KillmailWriter}: its COPY rows (killmail, payload
 * compressed by {@link PayloadCodec}, participants) rendered and its rollup part computed. An
 * import does this on its decoding threads, so that the single writer only claims ids and sends
 * bytes.
 *
 * @param participants how many rows {@code participantRows} holds
 */
record EncodedKillmail(DerivedKillmail derived, byte[] killmailRow, byte[] payloadRow, byte[] participantRows,
                       int participants, KillmailRollup rollup) {

    static EncodedKillmail of(DerivedKillmail d, String source) {
        Killmail km = d.killmail();
        CsvCopy killmail = new CsvCopy(512);
        addKillmail(killmail, d, source);
        byte[] esi = PayloadCodec.compress(km.rawEsi());
        byte[] zkb = PayloadCodec.compress(km.rawZkb());
        CsvCopy payload = new CsvCopy(64 + 2 * esi.length + (zkb == null ? 0 : 2 * zkb.length));
        payload.value(km.killmailId()).value(km.time()).bytea(esi).bytea(zkb).endRow();
        CsvCopy participants = new CsvCopy(160 * (1 + km.attackers().size()));
        addParticipants(participants, d);
        return new EncodedKillmail(d, killmail.toBytes(), payload.toBytes(), participants.toBytes(), participants.rows(),
                KillmailRollup.of(d));
    }

    long killmailId() {
        return derived.killmail().killmailId();
    }

    private static void addKillmail(CsvCopy out, DerivedKillmail d, String source) {
        Killmail km = d.killmail();
        Victim v = km.victim();
        Attacker fb = d.finalBlow();
        out.value(km.killmailId()).value(km.time()).value(km.solarSystemId())
                .value(d.constellationId()).value(d.regionId()).value(d.security())
                .text(d.securityBand().label).value(km.moonId()).value(km.warId()).text(km.hash())
                .value(v.characterId()).value(v.corporationId()).value(v.allianceId()).value(v.factionId())
                .value(v.shipTypeId()).value(v.damageTaken()).value(d.attackerCount())
                .value(fb == null ? null : fb.characterId()).value(fb == null ? null : fb.corporationId())
                .value(fb == null ? null : fb.allianceId()).value(fb == null ? null : fb.shipTypeId())
                .value(d.totalValue())
                .value(km.zkb() == null ? null : km.zkb().fittedValue())
                .value(km.zkb() == null ? null : km.zkb().droppedValue())
                .value(km.zkb() == null ? null : km.zkb().destroyedValue())
                .value(km.zkb() == null ? null : km.zkb().points())
                .text(d.valueSource()).value(d.npc()).value(d.solo()).value(d.awox())
                .textArray(d.labels()).text(source).bytea(IdBytes.of(Derivation.playerCharacterIds(km.attackers())))
                .endRow();
    }

    /** The victim (slot 0), then the attackers in payload order; the killmail's own fields rendered once for all rows. */
    private static void addParticipants(CsvCopy out, DerivedKillmail d) {
        Killmail km = d.killmail();
        byte[] head = new CsvCopy(48).value(km.killmailId()).value(km.time()).toBytes();
        byte[] tail = new CsvCopy(64).value(km.solarSystemId()).value(d.regionId()).value(d.npc()).value(d.solo())
                .value(d.totalValue()).value(d.attackerCount()).toBytes();
        Victim v = km.victim();
        out.appendFields(head).value(0).value(true).value(v.characterId()).value(v.corporationId())
                .value(v.allianceId()).value(v.factionId()).value(v.shipTypeId()).value((Integer) null)
                .value(v.damageTaken()).value(false).value((Double) null).appendFields(tail).endRow();
        int slot = 1;
        for (Attacker a : km.attackers()) {
            out.appendFields(head).value(slot++).value(false).value(a.characterId()).value(a.corporationId())
                    .value(a.allianceId()).value(a.factionId()).value(a.shipTypeId()).value(a.weaponTypeId())
                    .value(a.damageDone()).value(a.finalBlow()).value(a.securityStatus()).appendFields(tail).endRow();
        }
    }
}
