package dev.evedmv.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;

/** What every benchmark reports about where it ran: cores, memory, Java, PostgreSQL, load. */
public final class MachineFacts {
    private static final NamedSql VERSION = NamedSql.of("bench.server_version", "SHOW server_version");

    private MachineFacts() {
    }

    /** The facts now, with the PostgreSQL version of {@code db}. */
    public static Map<String, Object> of(Database db) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_bytes", ((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize());
        m.put("java", Runtime.version().toString());
        m.put("postgresql", db.jdbi().withHandle(h -> VERSION.query(h).mapTo(String.class).one()));
        m.put("load_average_1m", loadAverage());
        return m;
    }

    /** The one-minute system load average, rounded to 2 decimals (-1 where the platform has none). */
    public static double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return Math.round(load * 100) / 100.0;
    }
}
