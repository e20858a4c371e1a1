package dev.evedmv.intel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The entities of one kind with the most kills (or ISK destroyed) over [since, until). */
public record TopList(String kind, String by, LocalDate since, LocalDate until, List<Entry> items) {

    public record Entry(long id, String name, long kills, BigDecimal iskDestroyed) {
    }
}
