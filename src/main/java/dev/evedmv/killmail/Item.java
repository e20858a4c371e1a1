package dev.evedmv.killmail;

import java.util.List;

/** An item on the victim (fitted, in cargo, or nested in a container). */
public record Item(
        int itemTypeId,
        int flag,
        long quantityDestroyed,
        long quantityDropped,
        int singleton,
        List<Item> items) {
}
