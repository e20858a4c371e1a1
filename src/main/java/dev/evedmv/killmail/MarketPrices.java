package dev.evedmv.killmail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * An in-memory {@link PriceTable} read from ESI {@code GET /markets/prices/}:
 * {@code [{"type_id", "average_price"?, "adjusted_price"?}]}. A type's price is its average price,
 * else its adjusted price; types with neither are unknown.
 */
public final class MarketPrices implements PriceTable {
    private final Map<Integer, BigDecimal> prices;

    private MarketPrices(Map<Integer, BigDecimal> prices) {
        this.prices = prices;
    }

    /** Every known price by type id. */
    public Map<Integer, BigDecimal> asMap() {
        return prices;
    }

    public static MarketPrices of(Map<Integer, BigDecimal> prices) {
        return new MarketPrices(Map.copyOf(prices));
    }

    /** Parses the ESI response body; a malformed entry fails the whole table with the entry's index. */
    public static MarketPrices parse(byte[] esiPricesJson) {
        Map<Integer, BigDecimal> prices = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(esiPricesJson)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new KillmailFormatException("$", "expected an array of prices");
            }
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String entry = "[" + index + "]";
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    throw new KillmailFormatException(entry, "expected a price object");
                }
                Integer typeId = null;
                BigDecimal average = null;
                BigDecimal adjusted = null;
                String field;
                while ((field = p.nextFieldName()) != null) {
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "type_id" -> {
                            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                                throw new KillmailFormatException(entry + ".type_id", "expected an integer");
                            }
                            typeId = p.getIntValue();
                        }
                        case "average_price" -> average = decimal(p, entry + ".average_price");
                        case "adjusted_price" -> adjusted = decimal(p, entry + ".adjusted_price");
                        default -> p.skipChildren();
                    }
                }
                if (typeId == null) {
                    throw new KillmailFormatException(entry + ".type_id", "missing");
                }
                BigDecimal price = average != null ? average : adjusted;
                if (price != null) {
                    prices.put(typeId, price);
                }
                index++;
            }
        } catch (JsonProcessingException e) {
            throw new KillmailFormatException("$", "malformed prices JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MarketPrices(Collections.unmodifiableMap(prices));
    }

    private static BigDecimal decimal(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new KillmailFormatException(field, "expected a number");
        }
        return p.getDecimalValue();
    }

    @Override
    public BigDecimal price(int typeId) {
        return prices.get(typeId);
    }

    public int size() {
        return prices.size();
    }
}
