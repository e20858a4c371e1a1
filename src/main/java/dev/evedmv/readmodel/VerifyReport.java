package dev.evedmv.readmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code db verify} found: one line per table of the schema, in the registry's order. */
public record VerifyReport(List<Line> tables) {
    /** One table: its kind, and what its check compared and found (0 and 0 for a table with no check). */
    public record Line(String table, TableKind kind, Verification verification) {
    }

    public VerifyReport {
        tables = List.copyOf(tables);
    }

    /** True when no table differs from its recomputation. */
    public boolean ok() {
        return tables.stream().allMatch(l -> l.verification().differences() == 0);
    }

    /** {@code {"ok": …, "tables": [{"table", "kind", "rows_checked", "differences"}, …]}}, for {@code --json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", ok());
        json.put("tables", tables.stream().map(l -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("table", l.table());
            t.put("kind", l.kind().label());
            t.put("rows_checked", l.verification().rowsChecked());
            t.put("differences", l.verification().differences());
            return t;
        }).toList());
        return json;
    }
}
