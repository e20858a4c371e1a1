/**
 * Battle reports (docs/battles.md): the clusters of non-npc killmails of one solar system that
 * hold at least {@value dev.evedmv.battles.Clusters#MIN_KILLMAILS} killmails, their sides (a
 * weighted max-cut over the groups that fought) and what each side flew and lost.
 *
 * <p>{@link dev.evedmv.battles.BattleMaintenance} keeps the {@code battles} and
 * {@code battle_killmails} tables current: the ingest writers call it with the systems and times
 * of the killmails they stored, and it recomputes the clusters between the gaps of more than 15
 * minutes that surround them. {@link dev.evedmv.battles.BattleQueries} answers the API, the CLI
 * and the pages from the stored rows. Depends on {@code db} and on {@code intel}'s parameter rules.
 */
package dev.evedmv.battles;
