/**
 * Static data (EVE SDE): loading CCP JSONL, Fuzzwork CSV and zKillboard data files in bulk into
 * the {@code sde_*} tables, the bundled offline subset, and {@link dev.evedmv.sde.StaticData},
 * the in-process read model used at ingest.
 *
 * <h2>Reading</h2>
 * {@link dev.evedmv.sde.SdeReader} takes a folder, a zip or a single file and tells each file's
 * format by its name (see there): CCP's JSON Lines ({@code _key} ids, localized names of which
 * English is used, build from {@code _sde.jsonl}), Fuzzwork-style CSV (columns by header,
 * case-insensitive; {@code None} and empty are null; UTF-8, else Windows-1252; plain or
 * {@code .bz2}) and zKillboard's files ({@code mapSystems.jsonl} has no region: it comes from the
 * constellation, of the same load or already stored). A source may mix formats as long as no
 * table comes from two files. Every file is parsed in full before the database is touched; a
 * malformed one fails with {@link dev.evedmv.sde.SdeFormatException} naming file and line. A
 * repeated id keeps its first row and is counted as a duplicate (zKillboard's items.json lists
 * type 0 twice). A missing name is stored as the empty string.
 *
 * <h2>Loading</h2>
 * {@link dev.evedmv.sde.SdeLoader} writes one source in one transaction: COPY into temporary
 * staging tables, then per table an {@code INSERT … ON CONFLICT DO UPDATE} of only the rows that
 * are new or differ, so loading the same SDE twice reports 0 inserted, updated and deleted. The
 * rules of what a load changes:
 * <ul>
 *   <li>Only tables the source has a file for are touched; the others keep their rows.</li>
 *   <li>A source with a types file is taken as the full list of types: types it does not list are
 *       deleted (CCP removes types between builds, and a stale type would keep classifying
 *       killmails wrongly). Categories, groups and the map are never deleted: CCP does not remove
 *       regions or systems, and an older or partial map file must not erase newer rows.</li>
 *   <li>zKillboard's items.json has only id, group and name: existing types keep their published
 *       flag, mass, volume, price and market group; new ones get the column defaults.</li>
 * </ul>
 * A load with factions or NPC corporations then names them in {@code names} (source {@code sde})
 * for each id without a name there, so answers name NPC corporations and factions when ESI has
 * not: a name from ESI or a names file is never overwritten, and ESI's resolver replaces these.
 * Each load adds a row to {@code sde_loads} (source, formats, build or file date, rows per table in
 * the source, inserted / updated / deleted / duplicates per table, duration). A failed load adds
 * nothing and changes nothing. Loads are serialized by a transaction-scoped advisory lock.
 *
 * <h2>The bundled subset</h2>
 * {@code bundled-sde.zip} (about 240 KB, real-format files) holds every region, constellation and
 * system (zKillboard), every category and group (cjkilman/eve-sde-dump CSV, plus the groups of
 * items.json missing there as "Group &lt;id&gt;" in category 0, unpublished: the two are different
 * builds and items.json carries no category), and every type of items.json in the categories
 * killmails carry: ship 6, module 7, charge 8, drone 18, implant 20, deployable 22, starbase 23,
 * subsystem 32, sovereignty structure 40, orbital 46, structure 65, structure module 66, fighter 87,
 * and every NPC corporation and faction (cjkilman/eve-sde-dump CSV: id, name, faction).
 * {@link dev.evedmv.sde.StaticDataBootstrap#ensureLoaded} loads it into every empty table when an
 * import, a feed or {@code serve} starts, and after each {@code sde load}, so that a source without
 * some tables (zKillboard's files have no groups or categories, without which no ship is
 * recognised and no killmail is solo) still leaves the static data complete.
 * {@link dev.evedmv.sde.SdeStatus} and the health check warn while a table is empty. To rebuild
 * the subset after the shared data changes (the test {@code BundledSdeBuilderTest} fails until you do):
 * <pre>
 * ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" dev.evedmv.sde.BundledSdeBuilder
 * </pre>
 *
 * <h2>Read model</h2>
 * {@link dev.evedmv.sde.DatabaseStaticData} keeps types (with their group's category; 0 when the
 * group is not loaded), systems and region names in id-sorted arrays; call
 * {@link dev.evedmv.sde.DatabaseStaticData#refresh()} after a load.
 */
package dev.evedmv.sde;
