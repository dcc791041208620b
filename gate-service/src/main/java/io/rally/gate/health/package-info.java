/**
 * How healthy each backend looks to this gate: round-trip latencies measured by probes,
 * smoothed per backend by a {@link io.rally.gate.health.LatencyTracker}, and turned into a
 * score by a {@link io.rally.gate.health.HealthScore}. The {@code least-latency} dispatch
 * strategy reads the scores.
 */
package io.rally.gate.health;
