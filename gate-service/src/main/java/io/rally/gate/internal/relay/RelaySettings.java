package io.rally.gate.internal.relay;

import java.time.Duration;

import io.rally.gate.api.relay.BackendLatencyListener;
import io.rally.gate.api.relay.BackendRedirects;
import io.rally.gate.api.relay.BackendResolver;
import io.rally.gate.internal.metrics.GateMetrics;

/**
 * Everything the pipeline of a transparent connection needs, shared by its client sides.
 *
 * @param resolver turns a client's request into an allowed backend
 * @param successMessage written to the client once its backend is connected; may be empty
 * @param handshakeTimeout how long a client has to send its first packet (or, on WebSocket,
 * to finish the upgrade)
 * @param maxFirstPacketBytes the largest first packet body, checked before buffering
 * @param dialTimeout how long one attempt to connect to the backend may take
 * @param dialRetries how many more attempts follow a failed one
 * @param dialBackoff the pause before the first retry, doubled before each further one
 * @param splice whether to splice in the kernel where both sockets allow it
 * @param latency told each backend's connect time
 * @param refusals counts, logs and closes refused clients
 * @param metrics the gate's meters
 * @param redirects where clients of a redirected backend go instead
 * @param openRelays the relays open to each backend, closed when it is redirected
 */
public record RelaySettings(BackendResolver resolver, byte[] successMessage, Duration handshakeTimeout,
		int maxFirstPacketBytes, Duration dialTimeout, int dialRetries, Duration dialBackoff, boolean splice,
		BackendLatencyListener latency, RelayRefusals refusals, GateMetrics metrics,
		BackendRedirects redirects, OpenRelays openRelays) {

	public RelaySettings {
		successMessage = successMessage.clone();
		if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
			throw new IllegalArgumentException("handshakeTimeout: " + handshakeTimeout + " (expected: > 0)");
		}
		if (maxFirstPacketBytes < 1) {
			throw new IllegalArgumentException("maxFirstPacketBytes: " + maxFirstPacketBytes + " (expected: > 0)");
		}
		if (dialTimeout.isNegative() || dialTimeout.isZero()) {
			throw new IllegalArgumentException("dialTimeout: " + dialTimeout + " (expected: > 0)");
		}
		if (dialRetries < 0) {
			throw new IllegalArgumentException("dialRetries: " + dialRetries + " (expected: >= 0)");
		}
		if (dialBackoff.isNegative()) {
			throw new IllegalArgumentException("dialBackoff: " + dialBackoff + " (expected: >= 0)");
		}
	}

	@Override
	public byte[] successMessage() {
		return this.successMessage.clone();
	}

}
