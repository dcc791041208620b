/**
 * The gate's meters (names in {@link io.rally.gate.internal.metrics.GateMetrics}; see {@code
 * docs/metrics.md}), the close reasons they are tagged with, and the gauges of backend latency
 * and Netty's buffers. Not a public API: the meter names and tags are the contract.
 */
package io.rally.gate.internal.metrics;
