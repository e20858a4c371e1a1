package dev.evedmv.intel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.evedmv.killmail.ItemSlot;

/**
 * The victim's items grouped by slot ({@link ItemSlot}, from each item's flag) and valued at the price table:
 * an item is worth its price times the quantity destroyed plus dropped, a blueprint copy (singleton 2) nothing
 * (as ingest values killmails, docs/counting-rules.md §2). Items inside a container are listed under it and
 * count where the container is.
 */
public final class KillmailFit {
    private static final int BLUEPRINT_COPY = 2;

    private KillmailFit() {
    }

    /** An item as the payload lists it ({@code victim.items[]}, ESI's names). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RawItem(int itemTypeId, int flag, long quantityDestroyed, long quantityDropped, int singleton,
                   List<RawItem> items) {
    }

    /** The name and price the query read for a type. */
    public record TypeInfo(String name, BigDecimal price) {
    }

    /** One slot's items, in payload order. */
    public record Group(String slot, String label, boolean fitted, List<FitItem> items) {
    }

    /** An item with its value (null when its type has no price); {@code items} are a container's contents. */
    public record FitItem(int typeId, String name, int flag, long quantityDestroyed, long quantityDropped,
                   boolean blueprintCopy, BigDecimal value, List<FitItem> items) {
    }

    /**
     * ISK at the price table: the ship, the fitted items (ship and modules, rigs, subsystems), what dropped, what
     * was destroyed (the ship and destroyed items) and all of it; a type without a price counts 0.
     */
    public record Values(BigDecimal ship, BigDecimal fitted, BigDecimal dropped, BigDecimal destroyed, BigDecimal total) {
    }

    public record Fit(List<Group> groups, Values values) {
    }

    static Fit of(int shipTypeId, List<RawItem> items, Map<Integer, TypeInfo> types) {
        Map<ItemSlot, List<FitItem>> bySlot = new EnumMap<>(ItemSlot.class);
        Totals totals = new Totals();
        BigDecimal ship = orZero(price(types, shipTypeId));
        totals.fitted = ship;
        totals.destroyed = ship;
        for (RawItem item : items == null ? List.<RawItem>of() : items) {
            ItemSlot slot = ItemSlot.of(item.flag());
            bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(item(item, slot.fitted(), types, totals));
        }
        List<Group> groups = new ArrayList<>();
        bySlot.forEach((slot, list) -> groups.add(new Group(slot.key(), slot.label(), slot.fitted(), List.copyOf(list))));
        return new Fit(List.copyOf(groups), new Values(ship, totals.fitted, totals.dropped, totals.destroyed,
                totals.dropped.add(totals.destroyed)));
    }

    private static FitItem item(RawItem raw, boolean fitted, Map<Integer, TypeInfo> types, Totals totals) {
        boolean copy = raw.singleton() == BLUEPRINT_COPY;
        BigDecimal price = copy ? BigDecimal.ZERO : price(types, raw.itemTypeId());
        BigDecimal value = null;
        if (price != null) {
            BigDecimal dropped = price.multiply(BigDecimal.valueOf(raw.quantityDropped()));
            BigDecimal destroyed = price.multiply(BigDecimal.valueOf(raw.quantityDestroyed()));
            value = dropped.add(destroyed);
            totals.dropped = totals.dropped.add(dropped);
            totals.destroyed = totals.destroyed.add(destroyed);
            if (fitted) {
                totals.fitted = totals.fitted.add(value);
            }
        }
        List<FitItem> contents = new ArrayList<>();
        for (RawItem inner : raw.items() == null ? List.<RawItem>of() : raw.items()) {
            contents.add(item(inner, false, types, totals));
        }
        TypeInfo type = types.get(raw.itemTypeId());
        return new FitItem(raw.itemTypeId(), type == null ? null : type.name(), raw.flag(), raw.quantityDestroyed(),
                raw.quantityDropped(), copy, value, List.copyOf(contents));
    }

    private static BigDecimal price(Map<Integer, TypeInfo> types, int typeId) {
        TypeInfo type = types.get(typeId);
        return type == null ? null : type.price();
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static final class Totals {
        BigDecimal fitted = BigDecimal.ZERO;
        BigDecimal dropped = BigDecimal.ZERO;
        BigDecimal destroyed = BigDecimal.ZERO;
    }
}
