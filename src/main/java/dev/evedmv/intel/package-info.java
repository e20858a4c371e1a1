/**
 * Intelligence answers: entity summaries, activity lists, killmail detail, top lists and name
 * search, each one named SQL query over the rollups and the partitioned killmail tables, with
 * the parameters (entity kind and id, date range, limits, cursors) checked before they reach it.
 */
package dev.evedmv.intel;
