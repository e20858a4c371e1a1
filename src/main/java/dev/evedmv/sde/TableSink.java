package dev.evedmv.sde;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects one table's rows from one file. A repeated id keeps its first row (zKillboard's
 * items.json lists type 0 twice, once as "#System" and once without a name).
 */
final class TableSink<T> {
    private final List<T> rows = new ArrayList<>();
    private final Set<Integer> ids = new HashSet<>();
    private int sourceRows;

    void add(int id, T row) {
        if (ids.add(id)) {
            rows.add(row);
        }
    }

    void sourceRows(int count) {
        this.sourceRows = count;
    }

    List<T> rows() {
        return rows;
    }

    int sourceRowCount() {
        return sourceRows;
    }
}
