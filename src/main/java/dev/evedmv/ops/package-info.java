/** Operating the service: metrics registry, readiness and health checks. */
package dev.evedmv.ops;
