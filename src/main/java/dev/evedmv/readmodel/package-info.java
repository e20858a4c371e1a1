/**
 * The read model: the derived tables that answers read (anything recomputable from the stored
 * killmails, static data, names and prices), how they are built and kept current.
 * {@link dev.evedmv.readmodel.ReadModelBuilds} builds the ones built ahead of time (the top
 * rankings, the monthly lists and their daily heads): in the background in {@code serve}, and to
 * completion at the end of {@code import} and {@code db rederive}.
 */
package dev.evedmv.readmodel;
