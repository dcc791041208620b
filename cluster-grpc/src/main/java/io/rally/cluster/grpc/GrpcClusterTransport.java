package io.rally.cluster.grpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.rally.cluster.ClusterTransport;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.NodeEndpoint;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The transport of cluster mode: reaches instances in other JVMs over gRPC, at the
 * {@link InstanceInfo#endpoint()} they registered.
 *
 * <p>A {@linkplain #node node} takes messages on a long-lived stream per caller, batched and
 * in order; its {@code deliver} and {@code sessionEvent} never block and throw
 * {@link NodeUnavailableException} when a message cannot be taken. A {@linkplain #gate gate}
 * is called with unary calls, except pushes to its connections, which go on a stream the
 * gate opened to this JVM's nodes; replies to a gate's messages need no gate at all, they go
 * back on the stream the message came in on. Instances exported by this JVM's own
 * {@link GrpcEndpointExporter} (same {@link GrpcLinks}) are called directly.
 *
 * <p>One channel per remote endpoint ({@link LinkChannels}). Endpoints are cached per
 * instance; channels live until {@link #close()}. Thread-safe.
 */
public final class GrpcClusterTransport implements ClusterTransport, AutoCloseable {

	private static final Log logger = LogFactory.getLog(GrpcClusterTransport.class);

	private final LocalEndpoints local;

	private final InboundLinks inbound;

	private final LinkSettings settings;

	private final GrpcMetrics metrics;

	private final ScheduledExecutorService timer;

	private final LinkChannels channels;

	private final Map<Key, RemoteNode> nodes = new ConcurrentHashMap<>();

	private final Map<Key, RemoteGate> gates = new ConcurrentHashMap<>();

	private volatile boolean closed;

	public GrpcClusterTransport(GrpcLinks links) {
		this.local = links.local();
		this.inbound = links.inbound();
		this.settings = links.settings();
		this.metrics = links.metrics();
		this.timer = links.timer();
		this.channels = new LinkChannels(links.properties(), links.eventLoops(), links.tls());
		this.local.onUnexport((instanceId) -> this.nodes.values().forEach((node) -> node.callerGone(instanceId)));
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException if the transport is closed
	 * @throws IllegalArgumentException if the instance has no {@code host:port} endpoint
	 */
	@Override
	public NodeEndpoint node(InstanceInfo node) {
		NodeEndpoint local = this.local.node(node.id());
		if (local != null) {
			return local;
		}
		return this.nodes.computeIfAbsent(key(node), (k) -> {
			LinkChannels.Endpoint endpoint = this.channels.get(k.endpoint());
			return new RemoteNode(k.id(), endpoint.channel(), endpoint.loop(), this.local, this.settings, this.metrics,
					this.timer);
		});
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException if the transport is closed
	 * @throws IllegalArgumentException if the instance has no {@code host:port} endpoint
	 */
	@Override
	public GateEndpoint gate(InstanceInfo gate) {
		GateEndpoint local = this.local.gate(gate.id());
		if (local != null) {
			return local;
		}
		return this.gates.computeIfAbsent(key(gate), (k) -> new RemoteGate(k.id(),
				this.channels.get(k.endpoint()).channel(), this.inbound, this.settings.deadlineNanos(), this.metrics));
	}

	private Key key(InstanceInfo instance) {
		if (this.closed) {
			throw new IllegalStateException("The gRPC cluster transport is closed");
		}
		String endpoint = instance.endpoint();
		if (endpoint == null || endpoint.lastIndexOf(':') <= 0) {
			throw new IllegalArgumentException("Instance '" + instance.id() + "' has endpoint '" + endpoint
					+ "' (expected: host:port); was it registered by a standalone-mode exporter?");
		}
		return new Key(instance.id(), endpoint);
	}

	/** Ends every stream and closes every channel, waiting briefly for calls in flight. */
	@Override
	public void close() {
		this.closed = true;
		this.nodes.values().forEach(RemoteNode::close);
		this.nodes.clear();
		this.gates.clear();
		this.channels.close();
		logger.debug("gRPC cluster transport closed");
	}

	private record Key(String id, String endpoint) {
	}

}
