/**
 * eve-dmv: killmail intelligence on PostgreSQL. This package is the base every other one builds
 * on and imports none of them: the configuration ({@link dev.evedmv.EveDmvConfig}, with
 * {@link dev.evedmv.DatabaseUrls}, the URL forms its database and Redis settings accept), the root
 * of the exception hierarchy ({@link dev.evedmv.EveDmvException}), the one JSON configuration of
 * the API and of every {@code --json} output ({@link dev.evedmv.Json}), and small shared helpers
 * ({@link dev.evedmv.CountMap}, {@link dev.evedmv.Durations}); features live in the sub-packages.
 */
package dev.evedmv;
