/**
 * The database: configuration-driven connection (embedded PostgreSQL under
 * {@code $EVEDMV_HOME/pg}, restarted by {@link dev.evedmv.db.EmbeddedSupervisor} under {@code serve}
 * when its postmaster dies, or an external server), the HikariCP pools with Jdbi over them (serve's API
 * pool and a sibling for its background work), named and
 * timed SQL ({@link dev.evedmv.db.NamedSql}), read routing to a replica
 * ({@link dev.evedmv.db.Databases}), the queries {@code db explain} can run
 * ({@link dev.evedmv.db.ExplainableQuery}), and the Liquibase changelog with its commands.
 * It imports no feature package.
 */
package dev.evedmv.db;
