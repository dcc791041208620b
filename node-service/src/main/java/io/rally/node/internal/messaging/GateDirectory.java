package io.rally.node.internal.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.rally.cluster.ClusterTransport;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;

/**
 * The gates this node can reach, by gate id. The set of gates follows a registry watch while
 * {@link #start() started}; endpoints are resolved through the transport on first use and cached
 * until their gate leaves the registry or changes its endpoint. A gate id the watch has not
 * seen yet is looked up in the registry directly, so replies to a gate that just joined are not
 * lost. Thread-safe.
 */
public final class GateDirectory implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(GateDirectory.class);

	private final InstanceRegistry registry;

	private final ClusterTransport transport;

	private final Map<String, Resolved> endpoints = new ConcurrentHashMap<>();

	private volatile Map<String, InstanceInfo> gates = Map.of();

	private AutoCloseable watch;

	public GateDirectory(InstanceRegistry registry, ClusterTransport transport) {
		this.registry = registry;
		this.transport = transport;
	}

	/** Starts following the registry's gates. */
	public synchronized void start() {
		if (this.watch == null) {
			this.watch = this.registry.watch(InstanceKind.GATE, this::update);
		}
	}

	@Override
	public synchronized void close() {
		if (this.watch != null) {
			try {
				this.watch.close();
			}
			catch (Exception ex) {
				logger.debug("Failed to close the gate watch", ex);
			}
			this.watch = null;
		}
	}

	private void update(List<InstanceInfo> current) {
		Map<String, InstanceInfo> byId = current.stream()
			.collect(Collectors.toUnmodifiableMap(InstanceInfo::id, Function.identity(), (a, b) -> b));
		this.gates = byId;
		this.endpoints.entrySet().removeIf((entry) -> {
			InstanceInfo info = byId.get(entry.getKey());
			return info == null || !info.endpoint().equals(entry.getValue().info().endpoint());
		});
	}

	/** The endpoint of gate {@code gateId}, or {@code null} if no such gate is reachable. */
	public GateEndpoint find(String gateId) {
		Resolved resolved = this.endpoints.get(gateId);
		if (resolved != null) {
			return resolved.endpoint();
		}
		InstanceInfo info = this.gates.get(gateId);
		if (info == null) {
			info = this.registry.instances(InstanceKind.GATE)
				.stream()
				.filter((gate) -> gate.id().equals(gateId))
				.findFirst()
				.orElse(null);
		}
		return (info != null) ? resolve(info) : null;
	}

	/** The endpoints of every reachable gate. */
	public List<GateEndpoint> all() {
		Map<String, InstanceInfo> known = (this.watch != null) ? this.gates : this.registry.instances(InstanceKind.GATE)
			.stream()
			.collect(Collectors.toMap(InstanceInfo::id, Function.identity(), (a, b) -> b));
		List<GateEndpoint> result = new ArrayList<>(known.size());
		for (InstanceInfo info : known.values()) {
			Resolved resolved = this.endpoints.get(info.id());
			GateEndpoint endpoint = (resolved != null) ? resolved.endpoint() : resolve(info);
			if (endpoint != null) {
				result.add(endpoint);
			}
		}
		return result;
	}

	private GateEndpoint resolve(InstanceInfo info) {
		try {
			GateEndpoint endpoint = this.transport.gate(info);
			this.endpoints.put(info.id(), new Resolved(info, endpoint));
			return endpoint;
		}
		catch (RuntimeException ex) {
			logger.debug("Gate '" + info.id() + "' is registered but cannot be reached", ex);
			return null;
		}
	}

	private record Resolved(InstanceInfo info, GateEndpoint endpoint) {
	}

}
