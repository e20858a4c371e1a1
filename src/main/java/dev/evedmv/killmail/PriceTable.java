package dev.evedmv.killmail;

import java.math.BigDecimal;

/** ISK price per type, for valuing killmails that carry no zKillboard value. */
@FunctionalInterface
public interface PriceTable {
    /** The price of one unit of the type, or null when unknown. */
    BigDecimal price(int typeId);

    /** A table that knows no price. */
    static PriceTable none() {
        return typeId -> null;
    }
}
