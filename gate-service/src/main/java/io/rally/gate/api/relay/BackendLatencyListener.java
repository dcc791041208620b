package io.rally.gate.api.relay;

import java.time.Duration;

/**
 * Told how long each dial of a transparent backend took, so that a latency tracker can
 * follow the backends without the relay knowing about it. Called on a Netty event loop: an
 * implementation must be thread-safe and must not block.
 */
public interface BackendLatencyListener {

	/** A listener that ignores everything, the default. */
	BackendLatencyListener NONE = new BackendLatencyListener() {
	};

	/**
	 * A TCP connection to {@code backend} was established.
	 * @param backend the backend dialled
	 * @param connectTime from the start of the successful attempt to the connection being up
	 */
	default void connected(Backend backend, Duration connectTime) {
	}

	/**
	 * Every attempt to reach {@code backend} failed.
	 * @param backend the backend dialled
	 * @param cause the last attempt's failure
	 */
	default void unreachable(Backend backend, Throwable cause) {
	}

}
