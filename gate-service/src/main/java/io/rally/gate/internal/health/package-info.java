/**
 * The gate's default view of backend health: the {@link
 * io.rally.gate.api.health.LatencyTracker} it uses unless the application defines one, and the
 * probe that pings every node once per interval to feed it. Not a public API.
 */
package io.rally.gate.internal.health;
