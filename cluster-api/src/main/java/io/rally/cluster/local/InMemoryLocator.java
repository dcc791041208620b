package io.rally.cluster.local;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.rally.cluster.GateBinding;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEvent.UserBoundToNode;
import io.rally.cluster.event.ClusterEvent.UserEvent;
import io.rally.cluster.event.ClusterEvent.UserOffline;
import io.rally.cluster.event.ClusterEvent.UserOnline;
import io.rally.cluster.event.ClusterEvent.UserUnboundFromNode;

/**
 * The locator of standalone mode: bindings in two concurrent maps, and a login epoch counter
 * per user that {@link #bindGate} increments with the binding. Lookups take no lock;
 * changes are made one at a time, so that {@link #subscribe subscribers} hear them in the order
 * they were made.
 */
public final class InMemoryLocator implements Locator {

	private final Map<Long, String> gates = new ConcurrentHashMap<>();

	private final Map<Long, Long> epochs = new ConcurrentHashMap<>();

	private final Map<NodeKey, String> nodes = new ConcurrentHashMap<>();

	private final List<Consumer<? super UserEvent>> subscribers = new CopyOnWriteArrayList<>();

	private final Object changes = new Object();

	/**
	 * Calls {@code listener} with every change of a binding until the returned handle is closed,
	 * as cluster mode's Redis locator announces them: a bind that does not change the binding
	 * and an unbind that removes nothing are not reported. Calls come on the thread that made
	 * the change, in the order of the changes, with changes held up meanwhile: the listener must
	 * not block and must not change bindings.
	 */
	public AutoCloseable subscribe(Consumer<? super UserEvent> listener) {
		Objects.requireNonNull(listener, "listener");
		Consumer<? super UserEvent> subscriber = listener::accept;
		this.subscribers.add(subscriber);
		return () -> this.subscribers.remove(subscriber);
	}

	@Override
	public CompletableFuture<Optional<String>> gateOf(long userId) {
		return CompletableFuture.completedFuture(Optional.ofNullable(this.gates.get(userId)));
	}

	@Override
	public CompletableFuture<GateBinding> bindGate(long userId, String gateId) {
		Objects.requireNonNull(gateId, "gateId");
		String previous;
		long epoch;
		synchronized (this.changes) {
			previous = this.gates.put(userId, gateId);
			// Never removed, not even by unbindGate: a later login must get a greater epoch.
			epoch = this.epochs.merge(userId, 1L, Long::sum);
			if (!gateId.equals(previous)) {
				announce(new UserOnline(userId, gateId));
			}
		}
		return CompletableFuture.completedFuture(
				new GateBinding(epoch, Optional.ofNullable(previous).filter((id) -> !id.equals(gateId))));
	}

	@Override
	public CompletableFuture<Boolean> unbindGate(long userId, String gateId) {
		boolean removed;
		synchronized (this.changes) {
			removed = this.gates.remove(userId, gateId);
			if (removed) {
				announce(new UserOffline(userId, gateId));
			}
		}
		return CompletableFuture.completedFuture(removed);
	}

	@Override
	public CompletableFuture<Optional<String>> nodeOf(long userId, String group) {
		return CompletableFuture.completedFuture(Optional.ofNullable(this.nodes.get(new NodeKey(userId, group))));
	}

	@Override
	public CompletableFuture<Void> bindNode(long userId, String group, String nodeId) {
		Objects.requireNonNull(nodeId, "nodeId");
		synchronized (this.changes) {
			String previous = this.nodes.put(new NodeKey(userId, group), nodeId);
			if (!nodeId.equals(previous)) {
				announce(new UserBoundToNode(userId, group, nodeId));
			}
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletableFuture<Boolean> unbindNode(long userId, String group, String nodeId) {
		boolean removed;
		synchronized (this.changes) {
			removed = this.nodes.remove(new NodeKey(userId, group), nodeId);
			if (removed) {
				announce(new UserUnboundFromNode(userId, group, nodeId));
			}
		}
		return CompletableFuture.completedFuture(removed);
	}

	private void announce(UserEvent event) {
		for (Consumer<? super UserEvent> subscriber : this.subscribers) {
			try {
				subscriber.accept(event);
			}
			catch (RuntimeException ex) {
				System.getLogger(InMemoryLocator.class.getName())
					.log(System.Logger.Level.WARNING, "Locator listener failed on " + event, ex);
			}
		}
	}

	private record NodeKey(long userId, String group) {
	}

}
