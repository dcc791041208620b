/**
 * How healthy each backend looks to this gate: round-trip latencies, smoothed per backend by a
 * {@link io.rally.gate.api.health.LatencyTracker} and turned into a score by a
 * {@link io.rally.gate.api.health.HealthScore}, both beans an application may replace; and
 * {@link io.rally.gate.api.health.LeastLatency}, how the {@code least-latency} strategy chooses
 * by score. Public API; the default tracker and the node probe are in {@code internal.health}.
 */
package io.rally.gate.api.health;
