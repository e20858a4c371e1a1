package dev.evedmv.intel;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param kind     character, corporation, alliance, ship, system, region or constellation
 * @param regionId a constellation's region (constellations have no page of their own); absent for other kinds
 */
public record SearchResult(String kind, long id, String name,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Long regionId) {
}
