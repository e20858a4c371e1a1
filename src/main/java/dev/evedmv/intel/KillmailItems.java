package dev.evedmv.intel;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.NamedSql;
import dev.evedmv.db.PayloadCodec;

/**
 * A killmail's victim items as its stored ESI payload lists them (containers with their contents), and the name and
 * price of the ship and of every type they name. The payload is a zstd frame the database does not parse
 * ({@link PayloadCodec}), so the items are read here and only their types are looked up
 * ({@code killmail_item_types.sql}).
 */
final class KillmailItems {
    private static final NamedSql ITEM_TYPES = NamedSql.load(KillmailItems.class, "killmail_item_types");

    private final IntelJson json;

    KillmailItems(IntelJson json) {
        this.json = json;
    }

    /** The part of an ESI killmail the fit reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredEsi(StoredVictim victim) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredVictim(List<KillmailFit.RawItem> items) {
    }

    /** The victim's items of a stored payload ({@code null}: a killmail without a payload has none). */
    List<KillmailFit.RawItem> victimItems(byte[] storedEsi) {
        if (storedEsi == null) {
            return List.of();
        }
        StoredEsi esi = json.read(new String(PayloadCodec.decompress(storedEsi), StandardCharsets.UTF_8), StoredEsi.class);
        return esi.victim() == null || esi.victim().items() == null ? List.of() : esi.victim().items();
    }

    /** The name and price of {@code ship} (when known) and of every type {@code items} name, by type id. */
    Map<Integer, KillmailFit.TypeInfo> types(Handle h, Integer ship, List<KillmailFit.RawItem> items) {
        Set<Integer> ids = new LinkedHashSet<>();
        if (ship != null) {
            ids.add(ship);
        }
        collect(items, ids);
        Map<Integer, KillmailFit.TypeInfo> types = new TreeMap<>();
        ITEM_TYPES.query(h).bindArray("type_ids", Integer.class, ids)
                .map((rs, ctx) -> Map.entry(rs.getInt("type_id"),
                        new KillmailFit.TypeInfo(rs.getString("name"), rs.getBigDecimal("price"))))
                .forEach(e -> types.put(e.getKey(), e.getValue()));
        return types;
    }

    private static void collect(List<KillmailFit.RawItem> items, Set<Integer> ids) {
        for (KillmailFit.RawItem item : items == null ? List.<KillmailFit.RawItem>of() : items) {
            ids.add(item.itemTypeId());
            collect(item.items(), ids);
        }
    }
}
