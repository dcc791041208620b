package io.rally.cluster.grpc.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.LinkTls;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Channels to mesh services, for nodes and for meshes that call each other. One channel per
 * service name, made on first use and kept until {@link #close()}: its target is
 * {@code rally-mesh:///<full service name>}, resolved through the {@link InstanceRegistry} to
 * every {@link InstanceKind#MESH} instance that lists the service in
 * {@link InstanceInfo#services()} and is in {@code WORK} or {@code BUSY}; calls are spread
 * over them round robin, and instances that join or leave are picked up as the registry
 * reports them. Every call without a deadline gets the default one.
 *
 * <pre>
 * WalletGrpc.WalletBlockingStub wallet = WalletGrpc.newBlockingStub(
 *         meshChannels.channel(WalletGrpc.SERVICE_NAME));
 * </pre>
 *
 * Works the same in standalone mode, where the registry is in memory and meshes listen on
 * loopback. With a {@link LinkTls} the channels use mutual TLS, else plaintext. Thread-safe.
 */
public final class MeshChannels implements AutoCloseable {

	/** The target scheme of service channels. */
	public static final String SCHEME = "rally-mesh";

	private static final Log logger = LogFactory.getLog(MeshChannels.class);

	private final MeshNameResolverProvider resolverProvider;

	private final MeshClientProperties properties;

	private final DefaultDeadlineInterceptor deadlines;

	private final LinkTls tls;

	private final Map<String, ManagedChannel> byService = new ConcurrentHashMap<>();

	private final Map<String, ManagedChannel> byAddress = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * @param registry where mesh instances are found
	 * @param properties the settings, read now and not again
	 */
	public MeshChannels(InstanceRegistry registry, MeshClientProperties properties) {
		this(registry, properties, null);
	}

	/**
	 * @param registry where mesh instances are found
	 * @param properties the settings, read now and not again
	 * @param tls the mutual TLS of the channels; {@code null} for plaintext
	 */
	public MeshChannels(InstanceRegistry registry, MeshClientProperties properties, LinkTls tls) {
		this.tls = tls;
		if (properties.getMaxInboundMessageSize().toBytes() <= 0) {
			throw new IllegalArgumentException(
					"maxInboundMessageSize: " + properties.getMaxInboundMessageSize() + " (expected: > 0)");
		}
		this.resolverProvider = new MeshNameResolverProvider(registry);
		this.properties = properties;
		this.deadlines = new DefaultDeadlineInterceptor(properties.getDeadline());
	}

	/** The channel target of a service, e.g. {@code rally-mesh:///rally.mesh.wallet.Wallet}. */
	public static String target(String serviceName) {
		checkServiceName(serviceName);
		return SCHEME + ":///" + serviceName;
	}

	/**
	 * The shared channel to the mesh instances that provide {@code serviceName}, the full gRPC
	 * name (a generated stub's {@code SERVICE_NAME}). Calls fail with {@code UNAVAILABLE} while
	 * no instance provides it.
	 * @throws IllegalStateException after {@link #close()}
	 */
	@SuppressWarnings("deprecation") // nameResolverFactory is the only per-channel way to add a resolver
	public Channel channel(String serviceName) {
		checkServiceName(serviceName);
		return open(this.byService, serviceName, (name) -> builder(target(name))
			.nameResolverFactory(this.resolverProvider)
			.defaultLoadBalancingPolicy("round_robin"));
	}

	/**
	 * A shared channel to one instance at {@code host:port} (for instance a mesh that must be
	 * called on the instance that holds some state), resolved as {@code dns:///host:port}.
	 * @throws IllegalStateException after {@link #close()}
	 */
	public Channel channelForAddress(String hostAndPort) {
		if (MeshNameResolver.parse(hostAndPort) == null) {
			throw new IllegalArgumentException("address: '" + hostAndPort + "' (expected: host:port)");
		}
		// named explicitly, so that no other resolver on the class path claims the target
		return open(this.byAddress, hostAndPort, (address) -> builder("dns:///" + address));
	}

	private Channel open(Map<String, ManagedChannel> channels, String key,
			Function<String, NettyChannelBuilder> builder) {
		checkOpen();
		ManagedChannel channel = channels.computeIfAbsent(key, (k) -> builder.apply(k)
			.maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, this.properties.getMaxInboundMessageSize().toBytes()))
			.intercept(this.deadlines)
			.build());
		if (this.closed) {
			// lost a race with close(): do not leave this one running
			channel.shutdownNow();
			checkOpen();
		}
		return channel;
	}

	private NettyChannelBuilder builder(String target) {
		return (this.tls != null) ? NettyChannelBuilder.forTarget(target, this.tls.channelCredentials())
				: NettyChannelBuilder.forTarget(target).usePlaintext();
	}

	/** Shuts every channel down, waiting up to the shutdown timeout for calls in progress. */
	@Override
	public void close() {
		this.closed = true;
		List<ManagedChannel> channels = new ArrayList<>(this.byService.values());
		channels.addAll(this.byAddress.values());
		channels.forEach(ManagedChannel::shutdown);
		long deadline = System.nanoTime() + this.properties.getShutdownTimeout().toNanos();
		for (ManagedChannel channel : channels) {
			try {
				if (!channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					logger.info("Mesh channel " + channel.authority() + " still busy after the shutdown timeout");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			channel.shutdownNow();
		}
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("Mesh channels closed");
		}
	}

	private static void checkServiceName(String serviceName) {
		if (serviceName == null || serviceName.isEmpty() || serviceName.indexOf('/') >= 0
				|| serviceName.chars().anyMatch((c) -> c == ',' || Character.isWhitespace(c))) {
			throw new IllegalArgumentException(
					"serviceName: '" + serviceName + "' (expected: a full gRPC service name, e.g. pkg.Service)");
		}
	}

}
