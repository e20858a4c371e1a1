package dev.evedmv.cache;

import dev.evedmv.intel.EntityKind;

/** One entity answers are about: what an ingest touched and what an invalidation names. */
public record Entity(EntityKind kind, long id) {
    /** The compact form of invalidation payloads: the kind's code, a colon, the id. */
    public String encode() {
        return kind.code() + ":" + id;
    }

    public static Entity decode(String text) {
        int colon = text.indexOf(':');
        return new Entity(EntityKind.fromCode(Integer.parseInt(text.substring(0, colon))),
                Long.parseLong(text.substring(colon + 1)));
    }
}
