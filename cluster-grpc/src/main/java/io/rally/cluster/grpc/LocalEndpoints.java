package io.rally.cluster.grpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.rally.cluster.GateEndpoint;
import io.rally.cluster.NodeEndpoint;

/**
 * The nodes and gates this JVM exports, by instance id: what its link server serves, and
 * what its transport calls directly rather than over the network. Thread-safe.
 */
final class LocalEndpoints {

	private final Map<String, NodeEndpoint> nodes = new ConcurrentHashMap<>();

	private final Map<String, GateEndpoint> gates = new ConcurrentHashMap<>();

	private final List<Consumer<String>> unexportListeners = new CopyOnWriteArrayList<>();

	void exportNode(String instanceId, NodeEndpoint endpoint) {
		this.nodes.put(instanceId, endpoint);
	}

	void exportGate(String instanceId, GateEndpoint endpoint) {
		this.gates.put(instanceId, endpoint);
	}

	/** Forgets the instance, then tells the {@linkplain #onUnexport listeners}. */
	void unexport(String instanceId) {
		this.nodes.remove(instanceId);
		this.gates.remove(instanceId);
		this.unexportListeners.forEach((listener) -> listener.accept(instanceId));
	}

	/** The exported node, or {@code null}. */
	NodeEndpoint node(String instanceId) {
		return this.nodes.get(instanceId);
	}

	/** The exported gate, or {@code null}. */
	GateEndpoint gate(String instanceId) {
		return this.gates.get(instanceId);
	}

	/** Calls {@code listener} with the id of every instance unexported from now on. */
	void onUnexport(Consumer<String> listener) {
		this.unexportListeners.add(listener);
	}

}
