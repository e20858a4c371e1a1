/**
 * eve-dmv: killmail intelligence on PostgreSQL. This package owns the configuration
 * ({@link dev.evedmv.EveDmvConfig}) and the root of the exception hierarchy
 * ({@link dev.evedmv.EveDmvException}); features live in the sub-packages.
 */
package dev.evedmv;
