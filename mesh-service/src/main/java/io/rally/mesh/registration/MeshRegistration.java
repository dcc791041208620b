package io.rally.mesh.registration;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import io.grpc.Server;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.StringUtils;

/**
 * Registers this JVM's mesh in the {@link InstanceRegistry} once its gRPC server listens, and
 * removes it again. The registration is a {@link InstanceKind#MESH} instance in
 * {@link InstanceState#WORK} whose endpoint is {@code advertised-host:port} of the server and
 * whose services are the full names of the gRPC services the server hosts, read when the
 * server started. Thread-safe; registering twice replaces, deregistering twice is harmless.
 */
public final class MeshRegistration {

	private static final Log logger = LogFactory.getLog(MeshRegistration.class);

	private final InstanceRegistry registry;

	private final Spec spec;

	private final Supplier<List<String>> services;

	private InstanceInfo registered;

	/**
	 * @param registry where the mesh registers
	 * @param spec id, group, weight and advertised host
	 * @param services the full names of the hosted services, read at each registration
	 */
	public MeshRegistration(InstanceRegistry registry, Spec spec, Supplier<List<String>> services) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.spec = Objects.requireNonNull(spec, "spec");
		this.services = Objects.requireNonNull(services, "services");
	}

	/**
	 * Registers the mesh at the port {@code server} listens on. Servers without a network
	 * port (in-process ones) are ignored.
	 */
	public synchronized void serverStarted(Server server) {
		int port = server.getPort();
		if (port <= 0) {
			return;
		}
		List<String> names = List.copyOf(this.services.get());
		if (names.isEmpty()) {
			logger.warn("Mesh " + this.spec.id() + " hosts no gRPC service; registering it anyway");
		}
		String endpoint = hostAndPort(advertisedHost(server), port);
		InstanceInfo instance = new InstanceInfo(this.spec.id(), InstanceKind.MESH, this.spec.group(),
				InstanceState.WORK, this.spec.weight(), endpoint, List.of(), names);
		this.registry.register(instance);
		this.registered = instance;
		logger.info("Mesh " + this.spec.id() + " registered at " + endpoint + " with " + names);
	}

	/** Removes the registration, if there is one. */
	public synchronized void deregister() {
		if (this.registered == null) {
			return;
		}
		this.registered = null;
		this.registry.deregister(this.spec.id());
		logger.info("Mesh " + this.spec.id() + " deregistered");
	}

	/** What is registered now, or {@code null}. */
	public synchronized InstanceInfo registered() {
		return this.registered;
	}

	private String advertisedHost(Server server) {
		if (StringUtils.hasText(this.spec.advertisedHost())) {
			return this.spec.advertisedHost();
		}
		for (SocketAddress address : server.getListenSockets()) {
			if (address instanceof InetSocketAddress inet && inet.getAddress() != null
					&& !inet.getAddress().isAnyLocalAddress()) {
				return inet.getAddress().getHostAddress();
			}
		}
		if (!this.spec.cluster()) {
			return "127.0.0.1";
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

	/**
	 * Who registers.
	 * @param id the instance id
	 * @param group the group, or {@code null}
	 * @param weight at least 1
	 * @param advertisedHost the host to advertise, or empty to derive it from the server
	 * @param cluster whether the JVM runs in cluster mode (an unbound server is then advertised
	 * on this machine's address rather than loopback)
	 */
	public record Spec(String id, String group, int weight, String advertisedHost, boolean cluster) {

		public Spec {
			if (!StringUtils.hasText(id)) {
				throw new IllegalArgumentException("id: '" + id + "' (expected: not empty)");
			}
			if (weight < 1) {
				throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
			}
		}

	}

}
