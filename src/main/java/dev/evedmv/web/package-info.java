/**
 * The web pages of {@code serve}: static HTML shells, scripts and styles (resources next to this
 * package) that fetch the {@code /api/v1} JSON in the browser and draw charts with uPlot from its
 * WebJar, and the Server-Sent Events stream of newly stored killmails behind the live page.
 */
package dev.evedmv.web;
