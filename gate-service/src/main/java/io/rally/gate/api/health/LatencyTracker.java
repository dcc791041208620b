package io.rally.gate.api.health;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The smoothed round-trip latency and health score of each backend a gate can send to,
 * keyed by backend id (a node's instance id, or whatever id another kind of backend uses).
 * Probes {@linkplain #record record} measurements; selectors read {@linkplain #score scores}
 * on network event loops for every packet, so {@link #score} must not block or allocate.
 * A bean; define one of your own to replace the default (an exponentially weighted moving
 * average per backend, {@code rally.gate.latency.ewma-weight}).
 * Thread-safe.
 */
public interface LatencyTracker {

	/**
	 * Adds one round-trip measurement of {@code backendId}.
	 * @throws IllegalArgumentException if {@code rtt} is negative
	 */
	void record(String backendId, Duration rtt);

	/** The smoothed latency of {@code backendId}; empty if it was never measured (or forgotten). */
	Optional<Duration> latency(String backendId);

	/**
	 * The health score of {@code backendId}, higher is healthier. A backend not measured yet
	 * scores as if it answered at once, so that a new backend gets traffic, and so soon a
	 * measurement.
	 */
	double score(String backendId);

	/** Drops what is known of a backend that is gone. */
	void forget(String backendId);

	/** The smoothed latency of every measured backend, as a snapshot. */
	Map<String, Duration> latencies();

}
