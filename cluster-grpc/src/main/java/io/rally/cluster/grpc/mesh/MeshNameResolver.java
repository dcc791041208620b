package io.rally.cluster.grpc.mesh;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.grpc.ChannelLogger;
import io.grpc.ChannelLogger.ChannelLogLevel;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;

/**
 * The addresses of one mesh service: the endpoints of the {@link InstanceKind#MESH} instances
 * that list the service and take new traffic ({@code WORK} or {@code BUSY}), kept current by a
 * registry watch for as long as the channel uses the resolver.
 *
 * <p>Registry callbacks arrive on the registry's threads; they parse the endpoints there and
 * hand the result to the channel's {@link SynchronizationContext}, where everything else of
 * this resolver runs. {@link #refresh()} (the channel asks after failures, with back-off) does
 * nothing: the watch already reports every change, and repeating an error would only log it
 * again.
 *
 * <p>When the last provider leaves, calls fail with {@code UNAVAILABLE} once its connection
 * is gone; gRPC's round robin keeps using connections that are still up after an empty
 * resolution, so a provider that deregistered but still serves keeps getting calls until it
 * stops (or another provider appears).
 */
final class MeshNameResolver extends NameResolver {

	private static final Comparator<InstanceInfo> BY_ID = Comparator.comparing(InstanceInfo::id);

	private final InstanceRegistry registry;

	private final String serviceName;

	private final SynchronizationContext syncContext;

	private final ChannelLogger logger;

	// the fields below are touched only in syncContext
	private Listener2 listener;

	private AutoCloseable watch;

	private List<EquivalentAddressGroup> addresses;

	private boolean shutdown;

	MeshNameResolver(InstanceRegistry registry, String serviceName, SynchronizationContext syncContext,
			ChannelLogger logger) {
		this.registry = registry;
		this.serviceName = serviceName;
		this.syncContext = syncContext;
		this.logger = logger;
	}

	@Override
	public String getServiceAuthority() {
		return this.serviceName;
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		// the first callback may come before watch() returns; it queues behind this task
		this.watch = this.registry.watch(InstanceKind.MESH,
				(instances) -> {
					List<EquivalentAddressGroup> resolved = addressesOf(instances);
					this.syncContext.execute(() -> update(resolved));
				});
		if (this.shutdown) {
			closeWatch();
		}
	}

	@Override
	public void refresh() {
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
		closeWatch();
	}

	private void update(List<EquivalentAddressGroup> resolved) {
		if (this.shutdown || resolved.equals(this.addresses)) {
			return;
		}
		this.addresses = resolved;
		this.logger.log(ChannelLogLevel.INFO, "Mesh service {0} at {1}", this.serviceName, resolved);
		deliver();
	}

	// An empty list is an error, so that calls fail fast with UNAVAILABLE and say why; the
	// channel retries resolution with back-off, and the watch reports the next instance anyway.
	private void deliver() {
		StatusOr<List<EquivalentAddressGroup>> result = this.addresses.isEmpty()
				? StatusOr.fromStatus(Status.UNAVAILABLE
					.withDescription("No mesh instance in WORK or BUSY provides " + this.serviceName))
				: StatusOr.fromValue(this.addresses);
		this.listener.onResult2(ResolutionResult.newBuilder().setAddressesOrError(result).build());
	}

	private void closeWatch() {
		AutoCloseable current = this.watch;
		this.watch = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (Exception ex) {
				this.logger.log(ChannelLogLevel.WARNING, "Closing the registry watch failed: {0}", ex);
			}
		}
	}

	private List<EquivalentAddressGroup> addressesOf(List<InstanceInfo> instances) {
		List<InstanceInfo> providers = new ArrayList<>();
		for (InstanceInfo instance : instances) {
			if (instance.kind() == InstanceKind.MESH && instance.state().acceptsNewTraffic()
					&& instance.provides(this.serviceName)) {
				providers.add(instance);
			}
		}
		providers.sort(BY_ID);
		Set<InetSocketAddress> unique = new LinkedHashSet<>();
		for (InstanceInfo provider : providers) {
			InetSocketAddress address = parse(provider.endpoint());
			if (address != null) {
				unique.add(address);
			}
			else {
				this.logger.log(ChannelLogLevel.WARNING, "Mesh instance {0} has no host:port endpoint: {1}",
						provider.id(), provider.endpoint());
			}
		}
		List<EquivalentAddressGroup> groups = new ArrayList<>(unique.size());
		unique.forEach((address) -> groups.add(new EquivalentAddressGroup(address)));
		return List.copyOf(groups);
	}

	/** {@code host:port} or {@code [v6]:port} as a socket address, or {@code null}. */
	static InetSocketAddress parse(String endpoint) {
		if (endpoint == null) {
			return null;
		}
		int colon = endpoint.lastIndexOf(':');
		if (colon <= 0 || colon == endpoint.length() - 1) {
			return null;
		}
		String host = endpoint.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.indexOf(':') >= 0) {
			return null;
		}
		int port;
		try {
			port = Integer.parseInt(endpoint.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			return null;
		}
		if (port < 1 || port > 65535) {
			return null;
		}
		// resolves names here, on the registry's thread, not in the channel's context
		InetSocketAddress address = new InetSocketAddress(host, port);
		return address.isUnresolved() ? null : address;
	}

}
