/**
 * Names of characters, corporations and alliances (the {@code names} table): bulk loading from
 * name files, and resolution through ESI {@code /universe/names/}.
 */
package dev.evedmv.names;
