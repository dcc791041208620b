package io.rally.cluster.grpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;

/**
 * The channels of a transport: one per remote endpoint, shared by every stream and call to
 * it and pinned to one of the links' event loops, which also builds the frames of its
 * streams; with the target scheme {@code dns:///} named so that no other name resolver on the
 * classpath picks it up; with mutual TLS when the links have it, else plaintext. Channels live until {@link #close()}. Thread-safe.
 */
final class LinkChannels {

	private final GrpcClusterProperties properties;

	private final LinkEventLoops eventLoops;

	private final LinkTls tls;

	private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

	LinkChannels(GrpcClusterProperties properties, LinkEventLoops eventLoops, LinkTls tls) {
		this.properties = properties;
		this.eventLoops = eventLoops;
		this.tls = tls;
	}

	/** The channel to {@code host:port}, opened on first use. */
	Endpoint get(String endpoint) {
		return this.endpoints.computeIfAbsent(endpoint, this::open);
	}

	private Endpoint open(String endpoint) {
		EventLoop loop = this.eventLoops.next();
		String target = "dns:///" + endpoint;
		NettyChannelBuilder builder = (this.tls != null)
				? NettyChannelBuilder.forTarget(target, this.tls.channelCredentials())
				: NettyChannelBuilder.forTarget(target).usePlaintext();
		ManagedChannel channel = this.eventLoops.configure(builder, loop)
			.keepAliveTime(this.properties.getKeepaliveTime().toNanos(), TimeUnit.NANOSECONDS)
			.keepAliveTimeout(this.properties.getKeepaliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
			.keepAliveWithoutCalls(true)
			.maxInboundMessageSize((int) this.properties.getMaxInboundMessageSize().toBytes())
			.build();
		return new Endpoint(channel, loop);
	}

	/** Shuts every channel down, waiting up to the shutdown timeout for calls in flight. */
	void close() {
		this.endpoints.values().forEach((endpoint) -> endpoint.channel().shutdown());
		long deadline = System.nanoTime() + this.properties.getShutdownTimeout().toNanos();
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
	}

	/** The channel to one endpoint and the event loop its transports run on. */
	record Endpoint(ManagedChannel channel, EventLoop loop) {
	}

}
