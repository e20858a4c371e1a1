package dev.evedmv.killmail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Streaming parsers for every killmail source format, from the bytes as received.
 *
 * <ul>
 * <li>{@link #parseKillmail}: a plain ESI killmail (EVE Ref archives; the Shrike corpus adds
 *     {@code killmail_hash}), the zKillboard API form (ESI fields plus a {@code zkb} block at the
 *     top level) and a wanderer-kills kill;</li>
 * <li>{@link #parseRedisQ}: the RedisQ / zKillboard {@code {"package":{killID, killmail, zkb}}} envelope;</li>
 * <li>{@link #parseR2z2}: an R2Z2 {@code ephemeral/{N}.json} record;</li>
 * <li>{@link #parseWandererEvent}: the data of one wanderer-kills SSE event.</li>
 * </ul>
 *
 * Unknown fields are skipped. {@link Killmail#rawEsi()} and {@link Killmail#rawZkb()} are slices of
 * the input taken at the objects' token byte offsets, never re-serialized. Where the zkb block sits
 * inside the killmail object (zKillboard API form, wanderer-kills), rawEsi is that whole object,
 * zkb included, which this parser reads back to the same killmail.
 *
 * <p>Thread-safe; share one instance.
 */
public final class KillmailParser {
    private final JsonFactory json = new JsonFactory();

    /** A plain ESI killmail, an ESI killmail with a top-level zkb block, or a wanderer-kills kill. */
    public Killmail parseKillmail(byte[] input) {
        return parse(input, p -> {
            expectObject(p, "a killmail object");
            return readKillmail(p, input);
        });
    }

    /**
     * A killmail as {@code killmail_payloads} keeps it: the ESI object and, apart, the zkb block
     * (null when the source had none), which wins over a zkb block inside the ESI object.
     */
    public Killmail parseStored(byte[] esi, byte[] zkb) {
        Killmail killmail = parseKillmail(esi);
        if (zkb == null) {
            return killmail;
        }
        ZkbSlice block = parse(zkb, p -> readZkbOrNull(p, zkb));
        return withEnvelope(killmail, null, block);
    }

    /** A RedisQ package envelope; empty when the queue had nothing ({@code "package": null}). */
    public Optional<Killmail> parseRedisQ(byte[] input) {
        return parse(input, p -> {
            expectObject(p, "a RedisQ envelope object");
            Optional<Killmail> result = null;
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (field.equals("package")) {
                    if (t == JsonToken.VALUE_NULL) {
                        result = Optional.empty();
                    } else {
                        expectObject(p, "an object or null");
                        result = Optional.of(readPackage(p, input));
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (result == null) {
                throw new KillmailFormatException("package", "missing");
            }
            return result;
        });
    }

    /** An R2Z2 {@code ephemeral/{N}.json} record. */
    public R2z2Record parseR2z2(byte[] input) {
        return parse(input, p -> {
            expectObject(p, "an R2Z2 record object");
            JsonStreamContext record = p.getParsingContext();
            Long envelopeId = null;
            Long sequenceId = null;
            String hash = null;
            Killmail esi = null;
            ZkbSlice zkb = null;
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "killmail_id" -> envelopeId = optionalLong(p);
                    case "hash" -> hash = optionalString(p);
                    case "sequence_id" -> sequenceId = optionalLong(p);
                    case "esi" -> {
                        expectObject(p, "an ESI killmail object");
                        esi = readKillmail(p, input);
                    }
                    case "zkb" -> zkb = readZkbOrNull(p, input);
                    default -> p.skipChildren();
                }
            }
            requirePresent(record, "esi", esi);
            requirePresent(record, "sequence_id", sequenceId);
            checkSameId(envelopeId, esi, "killmail_id");
            return new R2z2Record(sequenceId, withEnvelope(esi, hash, zkb));
        });
    }

    /**
     * The killmails carried by one wanderer-kills SSE event, as its guide documents them
     * (theksk23/wanderer-kills, a fork of guarzo/wanderer-kills, docs/API_AND_INTEGRATION_GUIDE.md,
     * "Server-Sent Events (SSE) Stream" and "Field Mapping"): {@code killmail} carries one kill,
     * {@code batch} carries {@code {"kills":[...], "count", "batch_number", "total_batches"}} (a bare
     * array is accepted too), and {@code connected}, {@code transition}, {@code heartbeat} and
     * {@code error} carry no killmail. The kills are ESI-shaped with wanderer's renamings
     * ({@code kill_time}, {@code system_id}, items' {@code type_id}), names added beside the ids,
     * and a snake_case zkb block ({@code location_id}, {@code total_value}, …); {@link #parseKillmail}
     * reads both spellings.
     */
    public List<Killmail> parseWandererEvent(String event, byte[] data) {
        switch (event) {
            case "killmail":
                return List.of(parseKillmail(data));
            case "batch":
                return parse(data, p -> readWandererBatch(p, data));
            case "connected", "transition", "heartbeat", "error":
                return List.of();
            default:
                throw new KillmailFormatException("event", "unknown wanderer-kills SSE event '" + event + "'");
        }
    }

    private List<Killmail> readWandererBatch(JsonParser p, byte[] input) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) {
            return readKillmailArray(p, input);
        }
        expectObject(p, "a batch object or array");
        JsonStreamContext batch = p.getParsingContext();
        List<Killmail> kills = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (field.equals("kills")) {
                if (t != JsonToken.START_ARRAY) {
                    throw wrongType(p, "an array of kills");
                }
                kills = readKillmailArray(p, input);
            } else {
                p.skipChildren();
            }
        }
        requirePresent(batch, "kills", kills);
        return kills;
    }

    private List<Killmail> readKillmailArray(JsonParser p, byte[] input) throws IOException {
        List<Killmail> kills = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expectObject(p, "a killmail object");
            kills.add(readKillmail(p, input));
        }
        return kills;
    }

    private Killmail readPackage(JsonParser p, byte[] input) throws IOException {
        JsonStreamContext pkg = p.getParsingContext();
        Long killId = null;
        Killmail esi = null;
        ZkbSlice zkb = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "killID" -> killId = optionalLong(p);
                case "killmail" -> {
                    expectObject(p, "an ESI killmail object");
                    esi = readKillmail(p, input);
                }
                case "zkb" -> zkb = readZkbOrNull(p, input);
                default -> p.skipChildren();
            }
        }
        requirePresent(pkg, "killmail", esi);
        checkSameId(killId, esi, "killID");
        return withEnvelope(esi, null, zkb);
    }

    /** Reads the killmail object the parser is positioned on (its START_OBJECT). */
    private Killmail readKillmail(JsonParser p, byte[] input) throws IOException {
        JsonStreamContext object = p.getParsingContext();
        int start = (int) p.currentTokenLocation().getByteOffset();
        Long killmailId = null;
        String hash = null;
        Instant time = null;
        Integer systemId = null;
        Long moonId = null;
        Integer warId = null;
        Victim victim = null;
        List<Attacker> attackers = null;
        ZkbSlice zkb = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "killmail_id" -> killmailId = optionalLong(p);
                case "killmail_time", "kill_time" -> time = optionalTime(p);
                case "solar_system_id", "system_id" -> systemId = optionalInt(p);
                case "moon_id" -> moonId = optionalLong(p);
                case "war_id" -> warId = optionalInt(p);
                case "killmail_hash" -> hash = optionalString(p);
                case "victim" -> victim = readVictim(p);
                case "attackers" -> attackers = readAttackers(p);
                case "zkb" -> zkb = readZkbOrNull(p, input);
                default -> p.skipChildren();
            }
        }
        int end = (int) p.currentTokenLocation().getByteOffset() + 1;
        requirePresent(object, "killmail_id", killmailId);
        requirePresent(object, "killmail_time", time);
        requirePresent(object, "solar_system_id", systemId);
        requirePresent(object, "victim", victim);
        requirePresent(object, "attackers", attackers);
        if (hash == null && zkb != null) {
            hash = zkb.zkb.hash();
        }
        return new Killmail(killmailId, hash, time, systemId, moonId, warId, victim, attackers,
                zkb == null ? null : zkb.zkb, Arrays.copyOfRange(input, start, end), zkb == null ? null : zkb.raw);
    }

    private Victim readVictim(JsonParser p) throws IOException {
        expectObject(p, "an object");
        JsonStreamContext object = p.getParsingContext();
        Long characterId = null;
        Long corporationId = null;
        Long allianceId = null;
        Integer factionId = null;
        Integer shipTypeId = null;
        int damageTaken = 0;
        List<Item> items = List.of();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "character_id" -> characterId = optionalLong(p);
                case "corporation_id" -> corporationId = optionalLong(p);
                case "alliance_id" -> allianceId = optionalLong(p);
                case "faction_id" -> factionId = optionalInt(p);
                case "ship_type_id" -> shipTypeId = optionalInt(p);
                case "damage_taken" -> damageTaken = nonNegativeInt(p, 0);
                case "items" -> items = readItems(p);
                default -> p.skipChildren();
            }
        }
        requirePresent(object, "ship_type_id", shipTypeId);
        return new Victim(characterId, corporationId, allianceId, factionId, shipTypeId, damageTaken, items);
    }

    private List<Attacker> readAttackers(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(p, "an array");
        }
        List<Attacker> attackers = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expectObject(p, "an attacker object");
            Long characterId = null;
            Long corporationId = null;
            Long allianceId = null;
            Integer factionId = null;
            Integer shipTypeId = null;
            Integer weaponTypeId = null;
            int damageDone = 0;
            boolean finalBlow = false;
            double securityStatus = 0;
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "character_id" -> characterId = optionalLong(p);
                    case "corporation_id" -> corporationId = optionalLong(p);
                    case "alliance_id" -> allianceId = optionalLong(p);
                    case "faction_id" -> factionId = optionalInt(p);
                    case "ship_type_id" -> shipTypeId = optionalInt(p);
                    case "weapon_type_id" -> weaponTypeId = optionalInt(p);
                    case "damage_done" -> damageDone = nonNegativeInt(p, 0);
                    case "final_blow" -> finalBlow = optionalBoolean(p, false);
                    case "security_status" -> securityStatus = optionalDouble(p, 0);
                    default -> p.skipChildren();
                }
            }
            attackers.add(new Attacker(characterId, corporationId, allianceId, factionId, shipTypeId, weaponTypeId,
                    damageDone, finalBlow, securityStatus));
        }
        return attackers;
    }

    private List<Item> readItems(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(p, "an array");
        }
        List<Item> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expectObject(p, "an item object");
            JsonStreamContext object = p.getParsingContext();
            Integer typeId = null;
            int flag = 0;
            long destroyed = 0;
            long dropped = 0;
            int singleton = 0;
            List<Item> nested = List.of();
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "item_type_id", "type_id" -> typeId = optionalInt(p);
                    case "flag" -> flag = nonNegativeInt(p, 0);
                    case "quantity_destroyed" -> destroyed = nonNegativeLong(p);
                    case "quantity_dropped" -> dropped = nonNegativeLong(p);
                    case "singleton" -> singleton = nonNegativeInt(p, 0);
                    case "items" -> nested = readItems(p);
                    default -> p.skipChildren();
                }
            }
            requirePresent(object, "item_type_id", typeId);
            items.add(new Item(typeId, flag, destroyed, dropped, singleton, nested));
        }
        return items;
    }

    private record ZkbSlice(Zkb zkb, byte[] raw) {
    }

    /** zKillboard's camelCase block, or wanderer-kills' snake_case spelling of it. */
    private ZkbSlice readZkbOrNull(JsonParser p, byte[] input) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(p, "an object");
        int start = (int) p.currentTokenLocation().getByteOffset();
        Long locationId = null;
        String hash = null;
        BigDecimal fitted = null;
        BigDecimal dropped = null;
        BigDecimal destroyed = null;
        BigDecimal total = null;
        Integer points = null;
        boolean npc = false;
        boolean solo = false;
        boolean awox = false;
        List<String> labels = List.of();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "locationID", "location_id" -> locationId = optionalLong(p);
                case "hash" -> hash = optionalString(p);
                case "fittedValue", "fitted_value" -> fitted = optionalDecimal(p);
                case "droppedValue", "dropped_value" -> dropped = optionalDecimal(p);
                case "destroyedValue", "destroyed_value" -> destroyed = optionalDecimal(p);
                case "totalValue", "total_value" -> total = optionalDecimal(p);
                case "points" -> points = optionalInt(p);
                case "npc" -> npc = optionalBoolean(p, false);
                case "solo" -> solo = optionalBoolean(p, false);
                case "awox" -> awox = optionalBoolean(p, false);
                case "labels" -> labels = readStrings(p);
                default -> p.skipChildren();
            }
        }
        int end = (int) p.currentTokenLocation().getByteOffset() + 1;
        Zkb zkb = new Zkb(locationId, hash, fitted, dropped, destroyed, total, points, npc, solo, awox, labels);
        return new ZkbSlice(zkb, Arrays.copyOfRange(input, start, end));
    }

    private static List<String> readStrings(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(p, "an array of strings");
        }
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType(p, "a string");
            }
            values.add(p.getText());
        }
        return List.copyOf(values);
    }

    private static Killmail withEnvelope(Killmail esi, String envelopeHash, ZkbSlice envelopeZkb) {
        Zkb zkb = envelopeZkb != null ? envelopeZkb.zkb : esi.zkb();
        byte[] rawZkb = envelopeZkb != null ? envelopeZkb.raw : esi.rawZkb();
        String hash = envelopeHash != null ? envelopeHash : esi.hash();
        if (hash == null && zkb != null) {
            hash = zkb.hash();
        }
        return new Killmail(esi.killmailId(), hash, esi.time(), esi.solarSystemId(), esi.moonId(), esi.warId(),
                esi.victim(), esi.attackers(), zkb, esi.rawEsi(), rawZkb);
    }

    private static void checkSameId(Long envelopeId, Killmail esi, String field) {
        if (envelopeId != null && envelopeId != esi.killmailId()) {
            throw new KillmailFormatException(field, "is " + envelopeId + " but the killmail inside is " + esi.killmailId());
        }
    }

    // ---- scalar readers: the parser is positioned on the value ----

    private static Long optionalLong(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, "an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new KillmailFormatException(pathOf(p.getParsingContext()), "integer out of range: " + p.getText());
        }
        return p.getLongValue();
    }

    private static Integer optionalInt(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, "an integer");
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw new KillmailFormatException(pathOf(p.getParsingContext()), "integer out of range: " + p.getText());
        }
        return p.getIntValue();
    }

    private static int nonNegativeInt(JsonParser p, int whenNull) throws IOException {
        Integer value = optionalInt(p);
        if (value == null) {
            return whenNull;
        }
        if (value < 0) {
            throw new KillmailFormatException(pathOf(p.getParsingContext()), "must not be negative (got " + value + ")");
        }
        return value;
    }

    private static long nonNegativeLong(JsonParser p) throws IOException {
        Long value = optionalLong(p);
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new KillmailFormatException(pathOf(p.getParsingContext()), "must not be negative (got " + value + ")");
        }
        return value;
    }

    private static double optionalDouble(JsonParser p, double whenNull) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return whenNull;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(p, "a number");
        }
        return p.getDoubleValue();
    }

    private static BigDecimal optionalDecimal(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(p, "a number");
        }
        return p.getDecimalValue();
    }

    private static boolean optionalBoolean(JsonParser p, boolean whenNull) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return whenNull;
        }
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw wrongType(p, "a boolean");
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static String optionalString(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw wrongType(p, "a string");
        }
        return p.getText();
    }

    private static Instant optionalTime(JsonParser p) throws IOException {
        String text = optionalString(p);
        if (text == null) {
            return null;
        }
        try {
            // to the second, as ESI gives it: entity_daily.killmail_ids lists a killmail's time as its second of the day
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new KillmailFormatException(pathOf(p.getParsingContext()),
                    "not an ISO-8601 time with offset: '" + text + "'", e);
        }
    }

    private static void expectObject(JsonParser p, String what) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(p, what);
        }
    }

    private static void requirePresent(JsonStreamContext object, String field, Object value) {
        if (value == null) {
            String parent = pathOf(object.getParent());
            throw new KillmailFormatException(parent.equals("$") ? field : parent + "." + field, "missing or null");
        }
    }

    private static KillmailFormatException wrongType(JsonParser p, String expected) {
        JsonToken t = p.currentToken();
        JsonStreamContext context = p.getParsingContext();
        // on START_OBJECT / START_ARRAY the parser has already entered the value's own context
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        return new KillmailFormatException(pathOf(context), "expected " + expected + ", got " + describe(t));
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    /** A readable path such as {@code esi.victim.items[3].flag}; {@code $} for the document itself. */
    static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.hasCurrentName()) {
                parts.addFirst("." + c.getCurrentName());
            }
        }
        if (parts.isEmpty()) {
            return "$";
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private interface Body<T> {
        T read(JsonParser p) throws IOException;
    }

    private <T> T parse(byte[] input, Body<T> body) {
        try (JsonParser p = json.createParser(input)) {
            try {
                if (p.nextToken() == null) {
                    throw new KillmailFormatException("$", "empty input");
                }
                T result = body.read(p);
                if (p.nextToken() != null) {
                    throw new KillmailFormatException("$", "unexpected content after the JSON value at byte "
                            + p.currentTokenLocation().getByteOffset());
                }
                return result;
            } catch (JsonProcessingException e) {
                throw new KillmailFormatException(pathOf(p.getParsingContext()),
                        "malformed JSON at byte " + p.currentLocation().getByteOffset() + ": " + e.getOriginalMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
