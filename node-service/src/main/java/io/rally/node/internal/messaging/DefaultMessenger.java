package io.rally.node.internal.messaging;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.node.api.Messenger;
import io.rally.node.api.NodeTarget;
import io.rally.node.api.PayloadCodec;
import io.rally.node.api.RequestContext;
import io.rally.protocol.Packet;

/**
 * The default {@link Messenger}: a user is found through the {@link Locator}, a gate through the
 * {@link GateDirectory}. Multicast and broadcast go to every gate and each gate picks its own
 * users: the gates know their bindings for sure, and one call per gate is cheaper than one
 * locator look-up per user; publishing to a channel likewise goes to every gate, each with its
 * own subscribers. Binding users to this node and unbinding them is also counted in
 * {@link BoundUsers}, which a stopping node waits on. Messages for other nodes go through
 * {@link NodeDelivery}.
 */
public final class DefaultMessenger implements Messenger {

	private final GateDirectory gates;

	private final Locator locator;

	private final PayloadCodec codec;

	private final String nodeId;

	private final String group;

	private final BoundUsers boundUsers;

	private final NodeDelivery nodes;

	public DefaultMessenger(GateDirectory gates, InstanceRegistry registry, ClusterTransport transport,
			Locator locator, PayloadCodec codec, String nodeId, String group, BoundUsers boundUsers) {
		this.gates = gates;
		this.nodes = new NodeDelivery(registry, transport, locator);
		this.locator = locator;
		this.codec = codec;
		this.nodeId = nodeId;
		this.group = group;
		this.boundUsers = boundUsers;
	}

	@Override
	public CompletableFuture<Boolean> push(long userId, int route, Object message) {
		Packet packet = Packet.oneWay(route, this.codec.encode(message));
		return onGateOf(userId, (gate) -> gate.pushToUser(userId, packet));
	}

	@Override
	public CompletableFuture<Boolean> pushToConnection(String gateId, long connectionId, int route, Object message) {
		GateEndpoint gate = this.gates.find(gateId);
		if (gate == null) {
			return CompletableFuture.completedFuture(false);
		}
		return gate.pushToConnection(connectionId, Packet.oneWay(route, this.codec.encode(message)));
	}

	@Override
	public CompletableFuture<Integer> multicast(Collection<Long> userIds, int route, Object message) {
		if (userIds.isEmpty()) {
			return CompletableFuture.completedFuture(0);
		}
		Packet packet = Packet.oneWay(route, this.codec.encode(message));
		List<Long> users = List.copyOf(userIds);
		return sum(this.gates.all().stream().map((gate) -> gate.multicast(users, packet)).toList());
	}

	@Override
	public CompletableFuture<Integer> broadcast(int route, Object message) {
		Packet packet = Packet.oneWay(route, this.codec.encode(message));
		return sum(this.gates.all().stream().map((gate) -> gate.broadcast(packet)).toList());
	}

	@Override
	public CompletableFuture<Boolean> kick(long userId, String reason) {
		return onGateOf(userId, (gate) -> gate.disconnectUser(userId, reason));
	}

	@Override
	public CompletableFuture<Boolean> isOnline(long userId) {
		return onGateOf(userId, (gate) -> gate.isOnline(userId));
	}

	@Override
	public CompletableFuture<Long> onlineCount() {
		List<CompletableFuture<Long>> counts = this.gates.all().stream().map(GateEndpoint::onlineCount).toList();
		return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> counts.stream().mapToLong(CompletableFuture::join).sum());
	}

	@Override
	public CompletableFuture<Boolean> bindUser(String gateId, long connectionId, long userId) {
		GateEndpoint gate = this.gates.find(gateId);
		if (gate == null) {
			return CompletableFuture.completedFuture(false);
		}
		return gate.bindUser(connectionId, userId);
	}

	@Override
	public CompletableFuture<Boolean> unbindUser(long userId) {
		return onGateOf(userId, (gate) -> gate.unbindUser(userId));
	}

	@Override
	public CompletableFuture<Void> bindNode(long userId) {
		return this.locator.bindNode(userId, this.group, this.nodeId).thenRun(() -> this.boundUsers.bound(userId));
	}

	@Override
	public CompletableFuture<Boolean> unbindNode(long userId) {
		// Whether or not the locator still had this node, the user is no longer bound here.
		return this.locator.unbindNode(userId, this.group, this.nodeId).thenApply((removed) -> {
			this.boundUsers.left(userId);
			return removed;
		});
	}

	@Override
	public CompletableFuture<Boolean> subscribe(String channel, long userId) {
		return onGateOf(userId, (gate) -> gate.subscribe(channel, userId));
	}

	@Override
	public CompletableFuture<Boolean> unsubscribe(String channel, long userId) {
		return onGateOf(userId, (gate) -> gate.unsubscribe(channel, userId));
	}

	@Override
	public CompletableFuture<Integer> publish(String channel, int route, Object message) {
		Packet packet = Packet.oneWay(route, this.codec.encode(message));
		return sum(this.gates.all().stream().map((gate) -> gate.publish(channel, packet)).toList());
	}

	@Override
	public CompletableFuture<Void> deliver(NodeTarget target, RequestContext from, int route, Object message) {
		return this.nodes.deliver(target, new ClientMessage(from.gateId(), from.connectionId(), from.userId(),
				from.clientIp(), route, 0, this.codec.encode(message), null));
	}

	@Override
	public CompletableFuture<Void> forward(NodeTarget target, RequestContext from, int route, Object message) {
		return this.nodes.deliver(target, new ClientMessage(from.gateId(), from.connectionId(), from.userId(),
				from.clientIp(), route, from.seq(), this.codec.encode(message), null));
	}

	@Override
	public CompletableFuture<Void> deliver(NodeTarget target, long userId, int route, Object message) {
		byte[] payload = this.codec.encode(message);
		return this.nodes.gateOf(userId)
			.thenCompose((gateId) -> this.nodes.deliver(target,
					new ClientMessage(gateId, 0, userId, "", route, 0, payload, null)));
	}

	private CompletableFuture<Boolean> onGateOf(long userId, Function<GateEndpoint, CompletableFuture<Boolean>> call) {
		return this.locator.gateOf(userId).thenCompose((gateId) -> {
			GateEndpoint gate = gateId.map(this.gates::find).orElse(null);
			return (gate != null) ? call.apply(gate) : CompletableFuture.completedFuture(false);
		});
	}

	private static CompletableFuture<Integer> sum(List<CompletableFuture<Integer>> parts) {
		return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> parts.stream().mapToInt(CompletableFuture::join).sum());
	}

}
