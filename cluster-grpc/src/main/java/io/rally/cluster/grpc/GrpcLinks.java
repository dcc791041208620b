package io.rally.cluster.grpc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the {@link GrpcEndpointExporter} and the {@link GrpcClusterTransport} of one JVM
 * share: the settings, the meters, the event loops and timer that carry the links, the
 * endpoints this JVM exports (which its transport calls directly), and the streams gates
 * opened to its nodes (on which packets for a gate's connections go back). Build one per JVM
 * and hand it to both; they hand each of their parts only the pieces it uses.
 * {@link #close()} after the exporter and the transport are closed.
 */
public final class GrpcLinks implements AutoCloseable {

	private final GrpcClusterProperties properties;

	private final LinkSettings settings;

	private final GrpcMetrics metrics;

	private final LinkEventLoops eventLoops;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads("rally-grpc-timer-"));

	private final LocalEndpoints local = new LocalEndpoints();

	private final InboundLinks inbound;

	private final LinkTls tls;

	/**
	 * @param properties the settings, read now and not again
	 * @param meterRegistry where the link meters go
	 * @throws IllegalArgumentException if a setting is out of range
	 */
	public GrpcLinks(GrpcClusterProperties properties, MeterRegistry meterRegistry) {
		this(properties, meterRegistry, null);
	}

	/**
	 * @param properties the settings, read now and not again
	 * @param meterRegistry where the link meters go
	 * @param tls the mutual TLS of the server and the channels; {@code null} for plaintext
	 * @throws IllegalArgumentException if a setting is out of range
	 */
	public GrpcLinks(GrpcClusterProperties properties, MeterRegistry meterRegistry, LinkTls tls) {
		this.tls = tls;
		this.settings = LinkSettings.of(properties);
		this.properties = properties;
		this.metrics = new GrpcMetrics(meterRegistry);
		this.eventLoops = new LinkEventLoops(properties.getEventLoopThreads());
		this.inbound = new InboundLinks(this.metrics);
	}

	/** The properties the server and the channels are built with. */
	GrpcClusterProperties properties() {
		return this.properties;
	}

	/** The mutual TLS of the server and the channels, or {@code null} when they are plaintext. */
	LinkTls tls() {
		return this.tls;
	}

	LinkSettings settings() {
		return this.settings;
	}

	GrpcMetrics metrics() {
		return this.metrics;
	}

	LinkEventLoops eventLoops() {
		return this.eventLoops;
	}

	/** Runs the reconnects and expiries of the streams to nodes. */
	ScheduledExecutorService timer() {
		return this.timer;
	}

	LocalEndpoints local() {
		return this.local;
	}

	InboundLinks inbound() {
		return this.inbound;
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
		this.eventLoops.close();
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
