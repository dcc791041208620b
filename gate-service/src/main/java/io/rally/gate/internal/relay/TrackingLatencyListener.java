package io.rally.gate.internal.relay;

import java.time.Duration;

import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.api.relay.BackendLatencyListener;

/**
 * Feeds the gate's {@link LatencyTracker} with what dialling transparent backends shows, so
 * that they are scored like nodes: a TCP connect takes one round trip (SYN, SYN-ACK), and a
 * backend that could not be reached counts as answering after the latency timeout. Backends
 * found through discovery are tracked under their instance id, the others under
 * {@code host:port}.
 *
 * <p>Clients name the backends, and an allowed network ({@code 10.0.0.0/8:*}) holds millions
 * of addresses that nothing answers on; so a failed dial is recorded only for a discovered
 * instance or a backend that is tracked already (it answered before). New entries otherwise
 * come only from backends that accepted a connection, and the tracker caps those.
 */
public final class TrackingLatencyListener implements BackendLatencyListener {

	private final LatencyTracker tracker;

	private final Duration unreachable;

	/**
	 * @param tracker where the round trips go
	 * @param unreachable the round trip recorded for a backend every attempt failed to reach
	 */
	public TrackingLatencyListener(LatencyTracker tracker, Duration unreachable) {
		this.tracker = tracker;
		this.unreachable = unreachable;
	}

	/** The id a backend's latency is tracked under. */
	public static String backendId(Backend backend) {
		return (backend.instanceId() != null) ? backend.instanceId() : backend.address();
	}

	@Override
	public void connected(Backend backend, Duration connectTime) {
		this.tracker.record(backendId(backend), connectTime);
	}

	@Override
	public void unreachable(Backend backend, Throwable cause) {
		String id = backendId(backend);
		if (backend.instanceId() != null || this.tracker.latency(id).isPresent()) {
			this.tracker.record(id, this.unreachable);
		}
	}

}
