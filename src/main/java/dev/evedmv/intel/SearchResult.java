package dev.evedmv.intel;

/** @param kind character, corporation, alliance, ship or system */
public record SearchResult(String kind, long id, String name) {
}
