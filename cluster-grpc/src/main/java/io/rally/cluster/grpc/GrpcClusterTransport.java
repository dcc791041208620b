package io.rally.cluster.grpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
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
 * is called with unary calls, except replies to its connections, which go back on the stream
 * the gate opened to this JVM's nodes. Instances exported by this JVM's own
 * {@link GrpcEndpointExporter} (same {@link GrpcLinks}) are called directly.
 *
 * <p>One channel per remote endpoint, shared by every stream and call to it and pinned to one
 * of the links' event loops, which also builds the frames of its streams; with the target
 * scheme {@code dns:///} named so that no other name resolver on the classpath picks it up.
 * Endpoints are cached per instance; channels live until {@link #close()}. Thread-safe.
 */
public final class GrpcClusterTransport implements ClusterTransport, AutoCloseable {

	private static final Log logger = LogFactory.getLog(GrpcClusterTransport.class);

	private final GrpcLinks links;

	private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

	private final Map<Key, RemoteNode> nodes = new ConcurrentHashMap<>();

	private final Map<Key, RemoteGate> gates = new ConcurrentHashMap<>();

	private volatile boolean closed;

	public GrpcClusterTransport(GrpcLinks links) {
		this.links = links;
		links.onUnexport((instanceId) -> this.nodes.values().forEach((node) -> node.callerGone(instanceId)));
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException if the transport is closed
	 * @throws IllegalArgumentException if the instance has no {@code host:port} endpoint
	 */
	@Override
	public NodeEndpoint node(InstanceInfo node) {
		NodeEndpoint local = this.links.node(node.id());
		if (local != null) {
			return local;
		}
		Key key = key(node);
		return this.nodes.computeIfAbsent(key, (k) -> {
			Endpoint endpoint = endpoint(k.endpoint());
			return new RemoteNode(k.id(), endpoint.channel(), endpoint.loop(), this.links);
		});
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException if the transport is closed
	 * @throws IllegalArgumentException if the instance has no {@code host:port} endpoint
	 */
	@Override
	public GateEndpoint gate(InstanceInfo gate) {
		GateEndpoint local = this.links.gate(gate.id());
		if (local != null) {
			return local;
		}
		Key key = key(gate);
		return this.gates.computeIfAbsent(key,
				(k) -> new RemoteGate(k.id(), endpoint(k.endpoint()).channel(), this.links));
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

	private Endpoint endpoint(String endpoint) {
		return this.endpoints.computeIfAbsent(endpoint, this::newEndpoint);
	}

	private Endpoint newEndpoint(String endpoint) {
		GrpcClusterProperties properties = this.links.properties();
		EventLoop loop = this.links.eventLoops().next();
		ManagedChannel channel = this.links.eventLoops()
			.configure(NettyChannelBuilder.forTarget("dns:///" + endpoint), loop)
			.usePlaintext()
			.keepAliveTime(properties.getKeepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
			.keepAliveTimeout(properties.getKeepaliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
			.keepAliveWithoutCalls(true)
			.maxInboundMessageSize((int) properties.getMaxInboundMessageSize().toBytes())
			.build();
		return new Endpoint(channel, loop);
	}

	/** Ends every stream and closes every channel, waiting briefly for calls in flight. */
	@Override
	public void close() {
		this.closed = true;
		this.nodes.values().forEach(RemoteNode::close);
		this.nodes.clear();
		this.gates.clear();
		this.endpoints.values().forEach((endpoint) -> endpoint.channel().shutdown());
		long deadline = System.nanoTime() + this.links.properties().getShutdownTimeout().toNanos();
		for (Endpoint endpoint : this.endpoints.values()) {
			ManagedChannel channel = endpoint.channel();
			try {
				channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			channel.shutdownNow();
		}
		this.endpoints.clear();
		logger.debug("gRPC cluster transport closed");
	}

	private record Key(String id, String endpoint) {
	}

	/** The channel to one endpoint and the event loop its transports run on. */
	private record Endpoint(ManagedChannel channel, EventLoop loop) {
	}

}
