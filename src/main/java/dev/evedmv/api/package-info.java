/**
 * The HTTP API: the Javalin server with health and metrics, error bodies, and the routes of the
 * features (the intel answers under {@code /api/v1}, with their OpenAPI document, and
 * {@code /api/v1/ops/rejects}).
 */
package dev.evedmv.api;
