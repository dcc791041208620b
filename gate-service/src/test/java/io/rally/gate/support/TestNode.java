package io.rally.gate.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.Locator;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.RouteInfo;
import io.rally.cluster.SessionEvent;
import io.rally.protocol.Packet;

/**
 * A small real node for gate tests: it echoes, logs users in, and records session events.
 * Like a real node it works on its own thread and answers on the message's return path.
 */
public final class TestNode implements NodeEndpoint, AutoCloseable {

	public static final String ID = "node-test";

	public static final String GROUP = "test";

	/** Stateless echo. */
	public static final int ECHO = 1;

	/** Payload: the user id in decimal; binds it to the connection (and to this node), replies "ok". */
	public static final int LOGIN = 2;

	/** Echo that needs a bound user. */
	public static final int SECURE_ECHO = 3;

	/** Served, but never from clients. */
	public static final int INTERNAL = 4;

	/** Echo through the user's bound node; the reply carries the user id. */
	public static final int STATEFUL_ECHO = 5;

	private final InstanceRegistry registry;

	private final ClusterTransport transport;

	private final Locator locator;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((r) -> new Thread(r, "test-node"));

	private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

	private final List<ClientMessage> messages = new CopyOnWriteArrayList<>();

	public TestNode(InstanceRegistry registry, ClusterTransport transport, Locator locator) {
		this.registry = registry;
		this.transport = transport;
		this.locator = locator;
	}

	public static InstanceInfo info() {
		return new InstanceInfo(ID, InstanceKind.NODE, GROUP, InstanceState.WORK, 1, "local",
				List.of(new RouteInfo(ECHO, false, false, false), new RouteInfo(LOGIN, false, false, false),
						new RouteInfo(SECURE_ECHO, false, true, false), new RouteInfo(INTERNAL, false, false, true),
						new RouteInfo(STATEFUL_ECHO, true, true, false)));
	}

	public List<SessionEvent> events() {
		return this.events;
	}

	public List<ClientMessage> messages() {
		return this.messages;
	}

	@Override
	public void deliver(ClientMessage message) {
		this.executor.execute(() -> handle(message));
	}

	@Override
	public void sessionEvent(SessionEvent event) {
		this.events.add(event);
	}

	@Override
	public CompletableFuture<Void> ping() {
		return CompletableFuture.completedFuture(null);
	}

	private void handle(ClientMessage message) {
		this.messages.add(message);
		GateEndpoint gate = gate(message.gateId());
		byte[] reply = switch (message.route()) {
			case LOGIN -> {
				long userId = Long.parseLong(new String(message.payload(), StandardCharsets.UTF_8));
				boolean bound = gate.bindUser(message.connectionId(), userId).join();
				this.locator.bindNode(userId, GROUP, ID).join();
				yield (bound ? "ok" : "gone").getBytes(StandardCharsets.UTF_8);
			}
			case STATEFUL_ECHO -> (message.userId() + ":" + new String(message.payload(), StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.UTF_8);
			default -> message.payload();
		};
		message.returnPath().reply(message.connectionId(), new Packet(message.route(), message.seq(), reply));
	}

	private GateEndpoint gate(String gateId) {
		return this.registry.instances(InstanceKind.GATE)
			.stream()
			.filter((gate) -> gate.id().equals(gateId))
			.findFirst()
			.map(this.transport::gate)
			.orElseThrow();
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
