/**
 * Intelligence answers: entity summaries, activity lists, killmail detail, top lists and name
 * search, each one named SQL query over the rollups and the partitioned killmail tables, with
 * the parameters (entity kind and id, date range, limits, cursors) checked before they reach it. What the
 * read model builds ahead of time for them ({@code readmodel.ReadModelBuilds}) lives here too: {@link dev.evedmv.intel.TopRankings}
 * and {@link dev.evedmv.intel.MonthlyLists}.
 */
package dev.evedmv.intel;
