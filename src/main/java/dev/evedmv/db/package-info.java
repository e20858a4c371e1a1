/**
 * The database: configuration-driven connection (embedded PostgreSQL under
 * {@code $EVEDMV_HOME/pg} or an external server), the HikariCP pool with Jdbi over it, named and
 * timed SQL ({@link dev.evedmv.db.NamedSql}), read routing to a replica
 * ({@link dev.evedmv.db.Databases}), and the Liquibase changelog with its commands.
 */
package dev.evedmv.db;
