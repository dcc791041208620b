package io.rally.benchmark;

import java.net.URI;

import io.rally.benchmark.BenchmarkOptions.Transport;

/**
 * A running Rally app that clients connect to: the standalone app in this JVM or a cluster's
 * gate in a JVM of its own. Lets a run drive either without knowing which it is.
 */
interface RallyTarget extends AutoCloseable {

	/**
	 * The port the gate of {@code transport} is bound to.
	 * @throws IllegalStateException if the app runs no gate of that transport
	 */
	int port(Transport transport);

	/** The gate's Prometheus endpoint, or {@code null} if it is not known. */
	URI metricsUri();

	/** Stops the app; never throws. */
	@Override
	void close();

}
