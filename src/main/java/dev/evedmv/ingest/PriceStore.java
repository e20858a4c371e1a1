package dev.evedmv.ingest;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;


import dev.evedmv.db.CsvCopy;
import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.killmail.MarketPrices;

/**
 * The {@code prices} table that values killmails without a zKillboard value: loaded in bulk from
 * ESI's {@code /markets/prices/} JSON, read back as a {@link MarketPrices} for derivation.
 */
public final class PriceStore {
    private static final NamedSql STAGE = NamedSql.of("ingest.create_stage_prices",
            "CREATE TEMP TABLE IF NOT EXISTS stage_prices (type_id integer, price numeric(20, 2)) ON COMMIT DROP");
    private static final NamedSql MERGE = NamedSql.of("ingest.merge_prices", """
            INSERT INTO prices AS p (type_id, average_price, updated_at)
            SELECT DISTINCT ON (type_id) type_id, price, now() FROM stage_prices ORDER BY type_id
            ON CONFLICT (type_id) DO UPDATE SET average_price = EXCLUDED.average_price, updated_at = now()
            WHERE p.average_price IS DISTINCT FROM EXCLUDED.average_price""");
    private static final NamedSql ALL = NamedSql.of("ingest.load_prices",
            "SELECT type_id, coalesce(average_price, adjusted_price) AS price FROM prices "
                    + "WHERE coalesce(average_price, adjusted_price) IS NOT NULL");

    private final Database database;

    public PriceStore(Database database) {
        this.database = database;
    }

    /** Parses ESI prices JSON and stores each type's price; returns the rows inserted or changed. */
    public int load(byte[] esiPricesJson) {
        MarketPrices prices = MarketPrices.parse(esiPricesJson);
        CsvCopy rows = new CsvCopy();
        prices.asMap().forEach((type, price) -> rows.value(type).value(price).endRow());
        return database.jdbi().inTransaction(h -> {
            STAGE.update(h).execute();
            try {
                rows.sendTo(h.getConnection(), "COPY stage_prices (type_id, price) FROM STDIN (FORMAT csv)");
            } catch (SQLException e) {
                throw new IngestException("loading prices failed: " + e.getMessage(), e);
            }
            return MERGE.update(h).execute();
        });
    }

    /** The stored prices, for derivation. */
    public MarketPrices current() {
        Map<Integer, BigDecimal> prices = new HashMap<>();
        database.jdbi().useHandle(h -> ALL.query(h).map((rs, ctx) -> {
            prices.put(rs.getInt(1), rs.getBigDecimal(2));
            return null;
        }).forEach(ignored -> { }));
        return MarketPrices.of(prices);
    }
}
