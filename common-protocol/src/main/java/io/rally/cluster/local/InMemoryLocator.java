package io.rally.cluster.local;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.rally.cluster.Locator;

/**
 * The locator of standalone mode: bindings in two concurrent maps.
 */
public final class InMemoryLocator implements Locator {

	private final Map<Long, String> gates = new ConcurrentHashMap<>();

	private final Map<NodeKey, String> nodes = new ConcurrentHashMap<>();

	@Override
	public CompletableFuture<Optional<String>> gateOf(long userId) {
		return CompletableFuture.completedFuture(Optional.ofNullable(this.gates.get(userId)));
	}

	@Override
	public CompletableFuture<Optional<String>> bindGate(long userId, String gateId) {
		String previous = this.gates.put(userId, gateId);
		return CompletableFuture.completedFuture(Optional.ofNullable(previous).filter((id) -> !id.equals(gateId)));
	}

	@Override
	public CompletableFuture<Boolean> unbindGate(long userId, String gateId) {
		return CompletableFuture.completedFuture(this.gates.remove(userId, gateId));
	}

	@Override
	public CompletableFuture<Optional<String>> nodeOf(long userId, String group) {
		return CompletableFuture.completedFuture(Optional.ofNullable(this.nodes.get(new NodeKey(userId, group))));
	}

	@Override
	public CompletableFuture<Void> bindNode(long userId, String group, String nodeId) {
		this.nodes.put(new NodeKey(userId, group), nodeId);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletableFuture<Boolean> unbindNode(long userId, String group, String nodeId) {
		return CompletableFuture.completedFuture(this.nodes.remove(new NodeKey(userId, group), nodeId));
	}

	private record NodeKey(long userId, String group) {
	}

}
