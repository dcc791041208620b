package io.rally.cluster.grpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.NodeEndpoint;

/**
 * What the {@link GrpcEndpointExporter} and the {@link GrpcClusterTransport} of one JVM
 * share: the endpoints this JVM exports, the streams gates opened to its nodes (so that a
 * node's reply to a gate travels back on the stream the gate opened), the settings, the
 * meters, and the event loops that carry the links. Build one per JVM and hand it to both.
 * Thread-safe; {@link #close()} after the exporter and the transport are closed.
 */
public final class GrpcLinks implements AutoCloseable {

	private final GrpcClusterProperties properties;

	private final GrpcMetrics metrics;

	private final LinkEventLoops eventLoops;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(threads("rally-grpc-timer-"));

	private final Map<String, NodeEndpoint> nodes = new ConcurrentHashMap<>();

	private final Map<String, GateEndpoint> gates = new ConcurrentHashMap<>();

	private final Map<String, List<InboundLink>> inboundByGate = new ConcurrentHashMap<>();

	private final List<InboundLink> inbound = new CopyOnWriteArrayList<>();

	private final List<Consumer<String>> unexportListeners = new CopyOnWriteArrayList<>();

	/**
	 * @param properties the settings, read now and not again
	 * @param meterRegistry where the link meters go
	 */
	public GrpcLinks(GrpcClusterProperties properties, MeterRegistry meterRegistry) {
		requirePositive("maxQueuedMessages", properties.getMaxQueuedMessages());
		requirePositive("maxBatchSize", properties.getMaxBatchSize());
		requirePositive("eventLoopThreads", properties.getEventLoopThreads());
		requirePositive("maxInboundMessageSize", properties.getMaxInboundMessageSize().toBytes());
		requirePositive("reconnectInitialBackoff", properties.getReconnectInitialBackoff().toNanos());
		if (properties.getReconnectMaxBackoff().compareTo(properties.getReconnectInitialBackoff()) < 0) {
			throw new IllegalArgumentException("reconnectMaxBackoff: " + properties.getReconnectMaxBackoff()
					+ " (expected: >= reconnectInitialBackoff " + properties.getReconnectInitialBackoff() + ")");
		}
		this.properties = properties;
		this.metrics = new GrpcMetrics(meterRegistry);
		this.eventLoops = new LinkEventLoops(properties.getEventLoopThreads());
	}

	GrpcClusterProperties properties() {
		return this.properties;
	}

	GrpcMetrics metrics() {
		return this.metrics;
	}

	LinkEventLoops eventLoops() {
		return this.eventLoops;
	}

	ScheduledExecutorService timer() {
		return this.timer;
	}

	/** The largest frame this JVM builds: half the inbound limit, leaving room for framing. */
	long maxFrameBytes() {
		return this.properties.getMaxInboundMessageSize().toBytes() / 2;
	}

	void exportNode(String instanceId, NodeEndpoint endpoint) {
		this.nodes.put(instanceId, endpoint);
	}

	void exportGate(String instanceId, GateEndpoint endpoint) {
		this.gates.put(instanceId, endpoint);
	}

	void unexport(String instanceId) {
		this.nodes.remove(instanceId);
		this.gates.remove(instanceId);
		for (InboundLink link : this.inbound) {
			if (link.nodeId().equals(instanceId)) {
				link.finish("Node '" + instanceId + "' unexported");
			}
		}
		this.unexportListeners.forEach((listener) -> listener.accept(instanceId));
	}

	NodeEndpoint node(String instanceId) {
		return this.nodes.get(instanceId);
	}

	GateEndpoint gate(String instanceId) {
		return this.gates.get(instanceId);
	}

	void onUnexport(Consumer<String> listener) {
		this.unexportListeners.add(listener);
	}

	void opened(InboundLink link) {
		this.inbound.add(link);
		if (link.gateId() != null) {
			this.inboundByGate.computeIfAbsent(link.gateId(), (id) -> new CopyOnWriteArrayList<>()).add(link);
			this.metrics.linksUp(GrpcMetrics.REMOTE_GATE).incrementAndGet();
		}
	}

	void closed(InboundLink link) {
		if (!this.inbound.remove(link) || link.gateId() == null) {
			return;
		}
		this.metrics.linksUp(GrpcMetrics.REMOTE_GATE).decrementAndGet();
		this.inboundByGate.computeIfPresent(link.gateId(), (id, links) -> {
			links.remove(link);
			return links.isEmpty() ? null : links;
		});
	}

	/**
	 * The stream a gate opened to this JVM, on which packets for its connections go back;
	 * always the oldest one, so that the packets a node sends one after another stay in order.
	 */
	InboundLink replyLink(String gateId) {
		List<InboundLink> links = this.inboundByGate.get(gateId);
		if (links != null) {
			for (InboundLink link : links) {
				if (link.isOpen()) {
					return link;
				}
			}
		}
		return null;
	}

	/** Ends every inbound stream after its queued packets were written. */
	void finishInbound() {
		this.inbound.forEach((link) -> link.finish("Server stopping"));
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
		this.eventLoops.close();
	}

	private static void requirePositive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
		}
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
