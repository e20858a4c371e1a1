package dev.evedmv.bench;

import dev.evedmv.db.Database;

/** Where {@code generate} gets its {@link StaticCatalog} from. */
@FunctionalInterface
public interface StaticCatalogSource {
    /** The catalog; fails with "no static data loaded: run 'sde load PATH' first" when there is none. */
    StaticCatalog load(Database database);
}
