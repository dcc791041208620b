package io.rally.node.test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.ReturnPath;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.protocol.Packet;

import static org.awaitility.Awaitility.await;

/**
 * A real, in-memory {@link GateEndpoint} for tests: it records every packet it is asked to send
 * and keeps user-connection bindings in maps, as a gate would. It also drives nodes the way a
 * gate does, through the {@link NodeEndpoint} it finds in the registry, with itself as the
 * {@link ReturnPath} of its messages. Channels hold users; names longer than 16 chars are
 * refused, as a gate refuses names beyond its limit.
 */
public final class TestGate implements GateEndpoint, ReturnPath {

	public static final String ID = "gate-1";

	private final InMemoryRegistry registry;

	private final LocalTransport transport;

	private final InMemoryLocator locator;

	private final List<Sent> sent = new CopyOnWriteArrayList<>();

	private final List<ClientMessage> undelivered = new CopyOnWriteArrayList<>();

	private final Map<Long, Long> connectionOfUser = new ConcurrentHashMap<>();

	private final List<String> kicks = new CopyOnWriteArrayList<>();

	private final Map<String, Set<Long>> channels = new ConcurrentHashMap<>();

	public TestGate(InMemoryRegistry registry, LocalTransport transport, InMemoryLocator locator) {
		this.registry = registry;
		this.transport = transport;
		this.locator = locator;
		transport.exportGate(ID, this);
		registry.register(new InstanceInfo(ID, InstanceKind.GATE, "default", InstanceState.WORK, 1, "local", List.of()));
	}

	/** The node's endpoint, found as a gate finds it. */
	public NodeEndpoint node() {
		List<InstanceInfo> nodes = this.registry.instances(InstanceKind.NODE);
		if (nodes.size() != 1) {
			throw new IllegalStateException("Expected one node, got " + nodes);
		}
		return this.transport.node(nodes.get(0));
	}

	public void send(long connectionId, long userId, int route, int seq, byte[] payload) {
		node().deliver(new ClientMessage(ID, connectionId, userId, "10.0.0.1", route, seq, payload, this));
	}

	public void event(SessionEvent.Type type, long connectionId, long userId) {
		node().sessionEvent(new SessionEvent(type, ID, connectionId, userId, "10.0.0.1"));
	}

	/** Waits for the packet sent to {@code connectionId} with {@code seq}. */
	public Packet awaitPacket(long connectionId, int seq) {
		return await().atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> find(connectionId, seq), (packet) -> packet != null);
	}

	public Packet find(long connectionId, int seq) {
		return this.sent.stream()
			.filter((s) -> s.connectionId() == connectionId && s.packet().seq() == seq)
			.map(Sent::packet)
			.findFirst()
			.orElse(null);
	}

	/** Every packet sent to one connection, in order. */
	public List<Packet> packetsTo(long connectionId) {
		return this.sent.stream().filter((s) -> s.connectionId() == connectionId).map(Sent::packet).toList();
	}

	/** The messages handed back undelivered. */
	public List<ClientMessage> undelivered() {
		return this.undelivered;
	}

	public List<String> kicks() {
		return this.kicks;
	}

	public Long connectionOf(long userId) {
		return this.connectionOfUser.get(userId);
	}

	@Override
	public CompletableFuture<Boolean> bindUser(long connectionId, long userId) {
		this.connectionOfUser.put(userId, connectionId);
		this.locator.bindGate(userId, ID);
		return CompletableFuture.completedFuture(true);
	}

	@Override
	public CompletableFuture<Boolean> unbindUser(long userId) {
		boolean removed = this.connectionOfUser.remove(userId) != null;
		this.locator.unbindGate(userId, ID);
		return CompletableFuture.completedFuture(removed);
	}

	@Override
	public CompletableFuture<Boolean> pushToConnection(long connectionId, Packet packet) {
		this.sent.add(new Sent(connectionId, packet));
		return CompletableFuture.completedFuture(true);
	}

	/** A reply goes to the connection as a push does. */
	@Override
	public CompletableFuture<Boolean> reply(long connectionId, Packet packet) {
		return pushToConnection(connectionId, packet);
	}

	@Override
	public void undelivered(ClientMessage message) {
		this.undelivered.add(message);
	}

	@Override
	public CompletableFuture<Boolean> pushToUser(long userId, Packet packet) {
		Long connectionId = this.connectionOfUser.get(userId);
		if (connectionId == null) {
			return CompletableFuture.completedFuture(false);
		}
		return pushToConnection(connectionId, packet);
	}

	@Override
	public CompletableFuture<Integer> multicast(Collection<Long> userIds, Packet packet) {
		int count = 0;
		for (long userId : userIds) {
			count += pushToUser(userId, packet).join() ? 1 : 0;
		}
		return CompletableFuture.completedFuture(count);
	}

	@Override
	public CompletableFuture<Integer> broadcast(Packet packet) {
		return multicast(List.copyOf(this.connectionOfUser.keySet()), packet);
	}

	@Override
	public CompletableFuture<Boolean> disconnectConnection(long connectionId, String reason) {
		this.kicks.add("connection " + connectionId + ": " + reason);
		this.connectionOfUser.values().remove(connectionId);
		return CompletableFuture.completedFuture(true);
	}

	@Override
	public CompletableFuture<Boolean> disconnectUser(long userId, String reason) {
		Long connectionId = this.connectionOfUser.remove(userId);
		if (connectionId == null) {
			return CompletableFuture.completedFuture(false);
		}
		this.locator.unbindGate(userId, ID);
		this.kicks.add("user " + userId + ": " + reason);
		return CompletableFuture.completedFuture(true);
	}

	@Override
	public CompletableFuture<Boolean> evictDuplicateLogin(long userId, long epoch) {
		return disconnectUser(userId, "logged in elsewhere");
	}

	@Override
	public CompletableFuture<Boolean> isOnline(long userId) {
		return CompletableFuture.completedFuture(this.connectionOfUser.containsKey(userId));
	}

	@Override
	public CompletableFuture<Long> onlineCount() {
		return CompletableFuture.completedFuture((long) this.connectionOfUser.size());
	}

	/** The users subscribed to {@code channel}. */
	public Set<Long> subscribers(String channel) {
		return Set.copyOf(this.channels.getOrDefault(channel, Set.of()));
	}

	@Override
	public CompletableFuture<Boolean> subscribe(String channel, long userId) {
		if (channel.length() > 16) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("Channel name too long: " + channel));
		}
		if (!this.connectionOfUser.containsKey(userId)) {
			return CompletableFuture.completedFuture(false);
		}
		this.channels.computeIfAbsent(channel, (name) -> ConcurrentHashMap.newKeySet()).add(userId);
		return CompletableFuture.completedFuture(true);
	}

	@Override
	public CompletableFuture<Boolean> unsubscribe(String channel, long userId) {
		Set<Long> users = this.channels.get(channel);
		return CompletableFuture.completedFuture(users != null && users.remove(userId));
	}

	@Override
	public CompletableFuture<Integer> publish(String channel, Packet packet) {
		return multicast(subscribers(channel), packet);
	}

	private record Sent(long connectionId, Packet packet) {
	}

}
