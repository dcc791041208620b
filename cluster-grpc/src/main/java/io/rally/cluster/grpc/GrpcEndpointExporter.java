package io.rally.cluster.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.NodeEndpoint;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.StringUtils;

/**
 * Serves this JVM's gates and nodes to the cluster on its own gRPC server: {@code NodeLink}
 * streams for exported nodes, {@code GateLink} calls for exported gates.
 *
 * <p>Runs in phase {@link #PHASE}, before nodes and gates, so the server listens and
 * {@link #advertisedEndpoint()} knows its port before they export and register themselves,
 * and stops after they deregistered. Stopping ends the open streams (after writing what they
 * queued), then shuts the server down, waiting up to the shutdown timeout for calls in
 * progress before cancelling them.
 */
public final class GrpcEndpointExporter implements EndpointExporter, SmartLifecycle {

	/** The lifecycle phase of the exporter: before nodes ({@code DEFAULT_PHASE - 1024}) and gates. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Log logger = LogFactory.getLog(GrpcEndpointExporter.class);

	private final GrpcLinks links;

	private final List<GrpcLinkServerCustomizer> customizers;

	private volatile Server server;

	private volatile String advertisedEndpoint;

	public GrpcEndpointExporter(GrpcLinks links) {
		this(links, List.of());
	}

	/** An exporter whose server is adjusted by {@code customizers}, in order, before it starts. */
	public GrpcEndpointExporter(GrpcLinks links, List<GrpcLinkServerCustomizer> customizers) {
		this.links = links;
		this.customizers = List.copyOf(customizers);
	}

	@Override
	public void exportNode(String instanceId, NodeEndpoint endpoint) {
		this.links.local().exportNode(instanceId, endpoint);
	}

	@Override
	public void exportGate(String instanceId, GateEndpoint endpoint) {
		this.links.local().exportGate(instanceId, endpoint);
	}

	/** Forgets the instance; the streams callers opened to it end after writing what they queued. */
	@Override
	public void unexport(String instanceId) {
		this.links.local().unexport(instanceId);
		this.links.inbound().finish(instanceId, "Node '" + instanceId + "' unexported");
	}

	/**
	 * {@code advertised-host:port}, with the port the server actually listens on.
	 * @throws IllegalStateException if the server is not running
	 */
	@Override
	public String advertisedEndpoint() {
		String endpoint = this.advertisedEndpoint;
		if (endpoint == null) {
			throw new IllegalStateException("The gRPC endpoint exporter is not running");
		}
		return endpoint;
	}

	/** The port the server listens on, or -1 when it is not running. */
	public int getPort() {
		Server current = this.server;
		return (current != null) ? current.getPort() : -1;
	}

	@Override
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		GrpcClusterProperties properties = this.links.properties();
		String host = properties.effectiveBindAddress();
		InetSocketAddress address = StringUtils.hasText(host) ? new InetSocketAddress(host, properties.getPort())
				: new InetSocketAddress(properties.getPort());
		LinkTls tls = this.links.tls();
		NettyServerBuilder builder = (tls != null) ? NettyServerBuilder.forAddress(address, tls.serverCredentials())
				: NettyServerBuilder.forAddress(address);
		long keepalive = properties.getKeepaliveTime().toNanos();
		this.links.eventLoops()
			.configure(builder)
			// Node streams only queue work on the node, which never blocks: their callbacks run on
			// the transport's event loop. Gate calls keep gRPC's executor.
			.callExecutor(NodeLinkService::executor)
			.addService(new NodeLinkService(this.links.local(), this.links.inbound(), this.links.settings(),
					this.links.metrics(), this.links.eventLoops()))
			.addService(new GateLinkService(this.links.local()))
			.maxInboundMessageSize((int) properties.getMaxInboundMessageSize().toBytes())
			.keepAliveTime(keepalive, TimeUnit.NANOSECONDS)
			.keepAliveTimeout(properties.getKeepaliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
			// Peers ping as often as we do; half that leaves room for jitter before the server objects.
			.permitKeepAliveTime(keepalive / 2, TimeUnit.NANOSECONDS)
			.permitKeepAliveWithoutCalls(true);
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		Server started = builder.build();
		try {
			started.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the gRPC cluster server on port " + properties.getPort(),
					ex);
		}
		this.server = started;
		this.advertisedEndpoint = hostAndPort(advertisedHost(properties), started.getPort());
		logger.info("gRPC cluster server listening on " + (StringUtils.hasText(host) ? host : "every interface")
				+ ", port " + started.getPort() + ", advertised as " + this.advertisedEndpoint
				+ ((tls != null) ? ", mutual TLS with SSL bundle '" + tls.bundleName() + "'" : ", plaintext"));
	}

	@Override
	public synchronized void stop() {
		Server current = this.server;
		if (current == null) {
			return;
		}
		this.server = null;
		this.advertisedEndpoint = null;
		this.links.inbound().finishAll("Server stopping");
		current.shutdown();
		try {
			if (!current.awaitTermination(this.links.properties().getShutdownTimeout().toNanos(),
					TimeUnit.NANOSECONDS)) {
				logger.info("gRPC cluster server: calls still in progress after the shutdown timeout, cancelling them");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		current.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	static String advertisedHost(GrpcClusterProperties properties) {
		if (StringUtils.hasText(properties.getAdvertisedHost())) {
			return properties.getAdvertisedHost();
		}
		String host = properties.effectiveBindAddress();
		if (StringUtils.hasText(host) && !host.equals("0.0.0.0") && !host.equals("::")) {
			return host;
		}
		try {
			return InetAddress.getLocalHost().getHostAddress();
		}
		catch (UnknownHostException ex) {
			return "127.0.0.1";
		}
	}

	private static String hostAndPort(String host, int port) {
		return (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]:" + port : host + ":" + port;
	}

}
