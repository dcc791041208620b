package io.rally.node;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.node.api.Messenger;
import io.rally.node.api.NodeControl;
import io.rally.node.api.NodeNotFoundException;
import io.rally.node.api.NodeTarget;
import io.rally.node.api.RallyController;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;
import io.rally.node.test.TestGate;
import io.rally.protocol.Packet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Node-to-node messages through the {@link Messenger}: handlers that relay to a node, and the
 * server-initiated kind, in the in-memory cluster. The node delivers to itself through the
 * transport as it would to any node, and to a second, recording node registered for a test.
 */
@SpringBootTest(classes = { TestNodeApplication.class, NodeDeliveryTests.Relay.class })
class NodeDeliveryTests {

	private static final AtomicLong connections = new AtomicLong(9_200_000);

	private static final AtomicLong users = new AtomicLong(720_000);

	@Autowired
	private Messenger messenger;

	@Autowired
	private TestGate gate;

	@Autowired
	private Relay relay;

	@Autowired
	private NodeControl nodeControl;

	@Autowired
	private InMemoryRegistry registry;

	@Autowired
	private LocalTransport transport;

	@Autowired
	private InMemoryLocator locator;

	@Test
	void deliverCarriesTheSenderAsAOneWayMessage() {
		long connection = connections.incrementAndGet();
		long user = users.incrementAndGet();
		this.gate.send(connection, user, Relay.DELIVER, 5, utf8("ping"));

		assertThat(text(this.gate.awaitPacket(connection, 5))).isEqualTo("\"relayed\"");
		Received received = await().until(() -> this.relay.find(connection), (found) -> found != null);
		assertThat(received).isEqualTo(new Received(TestGate.ID, connection, user, "10.0.0.1", Relay.RECEIVE, 0,
				"ping"));
	}

	@Test
	void forwardKeepsTheSeqSoTheTargetAnswersTheClient() {
		long connection = connections.incrementAndGet();
		long user = users.incrementAndGet();
		this.messenger.bindNode(user).join();
		this.gate.send(connection, user, Relay.FORWARD, 9, new byte[0]);

		Packet reply = this.gate.awaitPacket(connection, 9);
		assertThat(reply.route()).as("answered by the target's route 10").isEqualTo(10);
		assertThat(text(reply)).contains("\"connection\":" + connection).contains("\"seq\":9");
	}

	@Test
	void serverInitiatedDeliveryCarriesTheUserAndItsGate() {
		long connection = connections.incrementAndGet();
		long user = users.incrementAndGet();
		this.messenger.bindUser(TestGate.ID, connection, user).join();

		this.messenger.deliver(NodeTarget.instance(this.nodeControl.nodeId()), user, Relay.RECEIVE, utf8("tick"))
			.join();

		Received received = await().until(() -> this.relay.findUser(user), (found) -> found != null);
		assertThat(received).isEqualTo(new Received(TestGate.ID, 0, user, "", Relay.RECEIVE, 0, "tick"));
	}

	@Test
	void reachesAnotherNodeByIdAndByBinding() {
		List<ClientMessage> delivered = new CopyOnWriteArrayList<>();
		withSecondNode(delivered, () -> {
			long user = users.incrementAndGet();
			this.messenger.deliver(NodeTarget.instance("node-2"), user, 77, utf8("by id")).join();
			this.locator.bindNode(user, "battle", "node-2").join();
			this.messenger.deliver(NodeTarget.boundNode(user, "battle"), user, 78, utf8("by binding")).join();

			assertThat(delivered).extracting(ClientMessage::route, (message) -> text(message.payload()),
					ClientMessage::userId, ClientMessage::gateId)
				.containsExactly(tuple(77, "by id", user, ""),
						tuple(78, "by binding", user, ""));
		});
	}

	@Test
	void unknownTargetsFailWithAClearException() {
		long user = users.incrementAndGet();
		assertThatThrownBy(() -> this.messenger.deliver(NodeTarget.instance("no-such-node"), user, 1, "x").join())
			.hasCauseInstanceOf(NodeNotFoundException.class)
			.hasMessageContaining("No node 'no-such-node' is registered");
		assertThatThrownBy(() -> this.messenger.deliver(NodeTarget.boundNode(user, "battle"), user, 1, "x").join())
			.hasCauseInstanceOf(NodeNotFoundException.class)
			.hasMessageContaining("User " + user + " is not bound to a node of group 'battle'");
		this.locator.bindNode(user, "battle", "gone-node").join();
		assertThatThrownBy(() -> this.messenger.deliver(NodeTarget.boundNode(user, "battle"), user, 1, "x").join())
			.hasCauseInstanceOf(NodeNotFoundException.class)
			.hasMessageContaining("bound to node 'gone-node' of group 'battle', which is not registered");
	}

	@Test
	void targetsAreChecked() {
		assertThatThrownBy(() -> NodeTarget.instance("")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> NodeTarget.boundNode(0, "battle")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> NodeTarget.boundNode(1, null)).isInstanceOf(IllegalArgumentException.class);
	}

	private void withSecondNode(List<ClientMessage> delivered, Runnable test) {
		this.transport.exportNode("node-2", new NodeEndpoint() {
			@Override
			public void deliver(ClientMessage message) {
				delivered.add(message);
			}

			@Override
			public void sessionEvent(SessionEvent event) {
			}

			@Override
			public CompletableFuture<Void> ping() {
				return CompletableFuture.completedFuture(null);
			}
		});
		this.registry.register(new InstanceInfo("node-2", InstanceKind.NODE, "battle", InstanceState.WORK, 1, "local",
				List.of()));
		try {
			test.run();
		}
		finally {
			// The test gate expects a single node in the other tests of this context.
			this.registry.deregister("node-2");
			this.transport.unexport("node-2");
		}
	}

	private static String text(Packet packet) {
		return text(packet.payload());
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	record Received(String gateId, long connectionId, long userId, String clientIp, int route, int seq,
			String payload) {
	}

	/** Relays messages to this same node, and records what reaches its receiving route. */
	@RallyController
	static class Relay {

		static final int DELIVER = 60;

		static final int FORWARD = 61;

		static final int RECEIVE = 62;

		private final List<Received> received = new CopyOnWriteArrayList<>();

		private final NodeControl nodeControl;

		Relay(NodeControl nodeControl) {
			this.nodeControl = nodeControl;
		}

		@Route(DELIVER)
		CompletableFuture<String> deliver(RequestContext context, byte[] payload) {
			return context.messenger()
				.deliver(NodeTarget.instance(this.nodeControl.nodeId()), context, RECEIVE, payload)
				.thenApply((ignored) -> "relayed");
		}

		@Route(FORWARD)
		CompletableFuture<Void> forward(RequestContext context) {
			return context.messenger()
				.forward(NodeTarget.boundNode(context.userId(), this.nodeControl.group()), context, 10, new byte[0]);
		}

		@Route(value = RECEIVE, internal = true)
		void receive(RequestContext context, byte[] payload) {
			this.received.add(new Received(context.gateId(), context.connectionId(), context.userId(),
					context.clientIp(), context.route(), context.seq(), text(payload)));
		}

		Received find(long connectionId) {
			return this.received.stream().filter((r) -> r.connectionId() == connectionId).findFirst().orElse(null);
		}

		Received findUser(long userId) {
			return this.received.stream().filter((r) -> r.userId() == userId).findFirst().orElse(null);
		}

	}

}
