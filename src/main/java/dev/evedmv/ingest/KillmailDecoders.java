package dev.evedmv.ingest;

import java.util.ArrayList;
import java.util.List;

import dev.evedmv.killmail.Derivation;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.killmail.Killmail;
import dev.evedmv.killmail.KillmailFormatException;
import dev.evedmv.killmail.KillmailParser;

/** Parser plus derivation for each source: files of any known form, R2Z2 records, wanderer-kills events. */
public final class KillmailDecoders {
    private final KillmailParser parser;
    private final Derivation derivation;

    public KillmailDecoders(KillmailParser parser, Derivation derivation) {
        this.parser = parser;
        this.derivation = derivation;
    }

    /**
     * A document in any form a file may hold: plain ESI (EVE Ref), the zKillboard API form, a
     * RedisQ package or an R2Z2 record. Plain ESI is tried first: it is the bulk of every import.
     */
    public KillmailDecoder anyFormat() {
        return json -> {
            try {
                return derivation.derive(parser.parseKillmail(json));
            } catch (KillmailFormatException plain) {
                String text = new String(json, 0, Math.min(json.length, 4096), java.nio.charset.StandardCharsets.UTF_8);
                if (text.contains("\"package\"")) {
                    Killmail km = parser.parseRedisQ(json).orElseThrow(
                            () -> new KillmailFormatException("package", "null: the RedisQ queue had no killmail"));
                    return derivation.derive(km);
                }
                if (text.contains("\"esi\"")) {
                    return derivation.derive(parser.parseR2z2(json).killmail());
                }
                throw plain;
            }
        };
    }

    /** An R2Z2 {@code ephemeral/{N}.json} record. */
    public KillmailDecoder r2z2() {
        return json -> derivation.derive(parser.parseR2z2(json).killmail());
    }

    /** The data of one wanderer-kills SSE event. */
    public SseFeed.EventDecoder wanderer() {
        return (event, data) -> {
            List<DerivedKillmail> out = new ArrayList<>();
            for (Killmail km : parser.parseWandererEvent(event, data)) {
                out.add(derivation.derive(km));
            }
            return out;
        };
    }
}
