package dev.evedmv.killmail;

/** Security band of a solar system as docs/counting-rules.md §2 defines it. */
public enum SecurityBand {
    HIGHSEC("highsec"), LOWSEC("lowsec"), NULLSEC("nullsec"), WSPACE("wspace"), UNKNOWN("unknown");

    public final String label;

    SecurityBand(String label) {
        this.label = label;
    }

    /** w-space for systems 31000000–31999999; else by security: ≥ 0.45 high, ≥ 0.05 low, else null. */
    public static SecurityBand of(int systemId, Double security) {
        if (systemId >= 31_000_000 && systemId <= 31_999_999) {
            return WSPACE;
        }
        if (security == null) {
            return UNKNOWN;
        }
        if (security >= 0.45) {
            return HIGHSEC;
        }
        return security >= 0.05 ? LOWSEC : NULLSEC;
    }
}
