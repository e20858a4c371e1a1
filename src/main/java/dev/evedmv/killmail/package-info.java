/**
 * The killmail model (ESI shape plus zKillboard's block), its parsers for every source format,
 * and the derivation of DESIGN §4–§5 facts: npc / solo / awox, attacker count, security band,
 * region, value and labels.
 */
package dev.evedmv.killmail;
