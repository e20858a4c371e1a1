/**
 * The read model's owner: {@link dev.evedmv.readmodel.ReadModel}, the registry of every table of the
 * schema with its kind (base facts, derived data, bookkeeping) and why, each derived table behind one
 * interface ({@link dev.evedmv.readmodel.DerivedTable}: what it is built from, how its freshness is
 * known, how it is verified over a range of days); {@link dev.evedmv.readmodel.ReadModelVerifier},
 * {@code db verify}: every derived table recomputed and compared, and a table of the schema that the
 * registry does not know refused by name; and {@link dev.evedmv.readmodel.ReadModelBuilds}, the one
 * builder of the tables built ahead of time (the top rankings, the monthly lists and their daily
 * heads): in the background in {@code serve}, and to completion at the end of {@code import} and
 * {@code db rederive}. The row-level builders stay with their features ({@code ingest} writes the
 * rollups, {@code intel} ranks and sums months); this package depends on them, never the other way round.
 */
package dev.evedmv.readmodel;
