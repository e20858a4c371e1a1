/**
 * The read model's owner: {@link dev.evedmv.readmodel.ReadModel}, the registry of every table of the
 * schema with its kind (base facts, derived data, bookkeeping) and why, each derived table behind one
 * interface ({@link dev.evedmv.readmodel.DerivedTable}: what it is built from, how its freshness is
 * known, how it is verified over a range of days), and {@link dev.evedmv.readmodel.ReadModelVerifier},
 * {@code db verify}: every derived table recomputed and compared, and a table of the schema that the
 * registry does not know refused by name. The builders themselves stay with their features
 * ({@code ingest} writes the rollups, {@code intel} builds rankings and monthly lists); this package
 * depends on them, never the other way round.
 */
package dev.evedmv.readmodel;
