package dev.evedmv.health;

import java.util.List;
import java.util.Locale;

/** The outcome of the health checks: one status per check and the worst of them overall. */
public record Health(Status status, List<Check> checks) {

    public enum Status {
        OK, WARN, FAIL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Exit code of {@code health}: 0 ok, 1 warn, 2 fail. */
        public int exitCode() {
            return ordinal();
        }
    }

    /** One check: what was looked at, its status and a detail a human can act on. */
    public record Check(String name, Status status, String detail) {
        public static Check ok(String name, String detail) {
            return new Check(name, Status.OK, detail);
        }

        public static Check warn(String name, String detail) {
            return new Check(name, Status.WARN, detail);
        }

        public static Check fail(String name, String detail) {
            return new Check(name, Status.FAIL, detail);
        }
    }

    public static Health of(List<Check> checks) {
        Status worst = Status.OK;
        for (Check c : checks) {
            if (c.status().compareTo(worst) > 0) {
                worst = c.status();
            }
        }
        return new Health(worst, List.copyOf(checks));
    }

    /** The JSON shape of {@code GET /health} and {@code health --json}. */
    public java.util.Map<String, Object> toJson() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("status", status.label());
        List<java.util.Map<String, Object>> list = new java.util.ArrayList<>();
        for (Check c : checks) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", c.name());
            m.put("status", c.status().label());
            m.put("detail", c.detail());
            list.add(m);
        }
        out.put("checks", list);
        return out;
    }
}
