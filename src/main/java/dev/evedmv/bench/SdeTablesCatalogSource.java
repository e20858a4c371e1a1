package dev.evedmv.bench;

import java.util.List;

import org.jdbi.v3.core.Handle;

import dev.evedmv.db.Database;
import dev.evedmv.db.NamedSql;
import dev.evedmv.sde.StaticData.SystemInfo;
import dev.evedmv.sde.StaticData.TypeInfo;

/** Reads the catalog straight from the {@code sde_types}, {@code sde_groups} and {@code sde_systems} tables. */
public final class SdeTablesCatalogSource implements StaticCatalogSource {
    private static final NamedSql TYPES = NamedSql.load(SdeTablesCatalogSource.class, "catalog-types");
    private static final NamedSql SYSTEMS = NamedSql.load(SdeTablesCatalogSource.class, "catalog-systems");

    @Override
    public StaticCatalog load(Database database) {
        try (Handle h = database.jdbi().open()) {
            List<TypeInfo> types = TYPES.query(h)
                    .map((rs, ctx) -> new TypeInfo(rs.getInt("type_id"), rs.getString("name"), rs.getInt("group_id"),
                            rs.getInt("category_id"), rs.getBoolean("published")))
                    .list();
            List<SystemInfo> systems = SYSTEMS.query(h)
                    .map((rs, ctx) -> new SystemInfo(rs.getInt("system_id"), rs.getString("name"),
                            rs.getInt("constellation_id"), rs.getInt("region_id"), rs.getDouble("security")))
                    .list();
            return StaticCatalog.of(types, systems);
        }
    }
}
