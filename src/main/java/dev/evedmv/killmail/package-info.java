/**
 * The killmail model (ESI shape plus zKillboard's block), its parsers for every source format,
 * and the derivation of the facts of docs/counting-rules.md §2: npc / solo / awox, attacker count, security band,
 * region, value and labels.
 */
package dev.evedmv.killmail;
