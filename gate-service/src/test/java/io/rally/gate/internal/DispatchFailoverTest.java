package io.rally.gate.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.RouteInfo;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose endpoint refuses a packet is skipped for another node of the route when the
 * route is stateless, and never when it is stateful.
 */
class DispatchFailoverTest {

	private static final int STATELESS = 1;

	private static final int STATEFUL = 2;

	private static final int ONLY_ON_REFUSING = 3;

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final InMemoryLocator locator = new InMemoryLocator();

	private final LocalTransport transport = new LocalTransport();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<ClientMessage> refused = new CopyOnWriteArrayList<>();

	private final List<ClientMessage> taken = new CopyOnWriteArrayList<>();

	private SessionManager sessions;

	private Dispatcher dispatcher;

	private EmbeddedChannel channel;

	@BeforeEach
	void startGate() {
		this.transport.exportNode("refusing", new Node(this.refused, true));
		this.transport.exportNode("working", new Node(this.taken, false));
		this.registry.register(node("refusing", new RouteInfo(STATELESS, false, false, false),
				new RouteInfo(STATEFUL, true, false, false), new RouteInfo(ONLY_ON_REFUSING, false, false, false)));
		this.registry.register(node("working", new RouteInfo(STATELESS, false, false, false),
				new RouteInfo(STATEFUL, true, false, false)));
		GateMetrics metrics = new GateMetrics(this.meters);
		this.sessions = new SessionManager("g1", this.registry, this.locator, this.transport, metrics, 5000);
		this.dispatcher = new Dispatcher("g1", this.registry, this.locator, this.transport,
				DispatchStrategy.ROUND_ROBIN.selector(), metrics, this.sessions);
		this.dispatcher.start();
		this.channel = new EmbeddedChannel(new SessionHandler(this.sessions, "tcp", false),
				new DispatchHandler(this.dispatcher, metrics));
	}

	@AfterEach
	void stopGate() {
		this.channel.finishAndReleaseAll();
		this.dispatcher.close();
	}

	@Test
	void statelessPacketRefusedByItsNodeGoesToAnotherNode() {
		for (int seq = 1; seq <= 4; seq++) {
			this.channel.writeInbound(new Packet(STATELESS, seq, new byte[0], Packet.EXT_ERROR));
		}

		// round robin chose the refusing node for two of the four
		assertThat(this.refused).hasSize(2);
		assertThat(this.taken).extracting(ClientMessage::seq).containsExactly(1, 2, 3, 4);
		assertThat(failovers()).isEqualTo(2);
		assertThat(errorPackets()).isEmpty();
	}

	@Test
	void statelessPacketWithoutAnotherNodeIsAnsweredWithAnError() {
		this.channel.writeInbound(new Packet(ONLY_ON_REFUSING, 7, new byte[0], Packet.EXT_ERROR));

		assertThat(this.refused).hasSize(1);
		assertThat(this.taken).isEmpty();
		assertThat(failovers()).isZero();
		assertThat(errorPackets()).containsExactly("7:{\"code\":503,\"message\":\"no node available\"}");
	}

	@Test
	void statefulPacketStaysWithItsUsersNode() {
		long connectionId = this.sessions.find(1).orElseThrow().id();
		this.sessions.bindUser(connectionId, 42).join();
		this.locator.bindNode(42, "g", "refusing").join();

		this.channel.writeInbound(new Packet(STATEFUL, 5, new byte[0], Packet.EXT_ERROR));
		this.channel.runPendingTasks();

		assertThat(this.refused).extracting(ClientMessage::seq).containsExactly(5);
		assertThat(this.taken).isEmpty();
		assertThat(failovers()).isZero();
		assertThat(errorPackets()).containsExactly("5:{\"code\":503,\"message\":\"no node available\"}");
	}

	private double failovers() {
		return this.meters.get(Dispatcher.FAILOVERS).counter().count();
	}

	/** The error packets written to the client, as {@code seq:payload}. */
	private List<String> errorPackets() {
		this.channel.runPendingTasks();
		List<String> errors = new CopyOnWriteArrayList<>();
		Object written;
		while ((written = this.channel.readOutbound()) != null) {
			if (written instanceof Packet packet && packet.extcode() == Packet.EXT_ERROR) {
				errors.add(packet.seq() + ":" + new String(packet.payload(), StandardCharsets.UTF_8));
			}
		}
		return errors;
	}

	private static InstanceInfo node(String id, RouteInfo... routes) {
		return new InstanceInfo(id, InstanceKind.NODE, "g", InstanceState.WORK, 1, "local", List.of(routes));
	}

	/** Records what it is given, and refuses it if told to, as a node with a broken link does. */
	private record Node(List<ClientMessage> received, boolean refuse) implements NodeEndpoint {

		@Override
		public void deliver(ClientMessage message) {
			this.received.add(message);
			if (this.refuse) {
				throw new IllegalStateException("Node cannot take the message: the node is unreachable");
			}
		}

		@Override
		public void sessionEvent(SessionEvent event) {
		}

		@Override
		public CompletableFuture<Void> ping() {
			return CompletableFuture.completedFuture(null);
		}

	}

}
