package io.rally.cluster.grpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A "gate JVM" and a "node JVM" in one test JVM, linked by real gRPC on port 0.
 */
class GrpcLinksTest {

	private Peer gateJvm;

	private Peer nodeJvm;

	private RecordingGate gate;

	private EchoNode node;

	private InstanceInfo gateInfo;

	private InstanceInfo nodeInfo;

	private ReturnedMessages gatePath;

	@BeforeEach
	void startCluster() {
		this.gateJvm = new Peer(Peer.properties());
		this.nodeJvm = new Peer(Peer.properties());
		this.gate = new RecordingGate();
		this.gateJvm.exporter.exportGate("gate-1", this.gate);
		this.gatePath = new ReturnedMessages(this.gate);
		this.gateInfo = this.gateJvm.info("gate-1", InstanceKind.GATE);
		this.node = new EchoNode(this.nodeJvm.transport, this.gateInfo);
		this.nodeJvm.exporter.exportNode("node-1", this.node);
		this.nodeInfo = this.nodeJvm.info("node-1", InstanceKind.NODE);
	}

	@AfterEach
	void stopCluster() {
		this.gateJvm.close();
		this.nodeJvm.close();
	}

	@Test
	void deliveredMessageIsAnsweredOnTheStream() {
		this.gateJvm.transport.node(this.nodeInfo).deliver(message(5, 1, "hello"));

		await().until(() -> this.gate.pushes(5).size() == 1);
		assertThat(this.gate.pushes(5)).containsExactly(new Packet(3, 1, bytes("hello")));
		assertThat(this.nodeJvm.counter(GrpcMetrics.FRAMES_SENT, "remote", "gate")).isGreaterThan(0);
		assertThat(this.gateJvm.gauge(GrpcMetrics.LINK_UP, "remote", "node")).isEqualTo(1);
		assertThat(this.nodeJvm.gauge(GrpcMetrics.LINK_UP, "remote", "gate")).isEqualTo(1);
	}

	@Test
	void manyConnectionsKeepTheirOrderAndShareFrames() {
		int connections = 100;
		int perConnection = 100;
		NodeEndpoint remote = this.gateJvm.transport.node(this.nodeInfo);
		for (int seq = 1; seq <= perConnection; seq++) {
			for (long connection = 1; connection <= connections; connection++) {
				remote.deliver(message(connection, seq, connection + "/" + seq));
			}
		}

		int total = connections * perConnection;
		await().until(() -> this.gate.pushCount() == total);
		for (long connection = 1; connection <= connections; connection++) {
			long id = connection;
			assertThat(this.gate.pushes(connection)).extracting(Packet::seq)
				.containsExactlyElementsOf(IntStream.rangeClosed(1, perConnection).boxed().toList());
			assertThat(this.gate.pushes(connection)).allSatisfy((packet) -> assertThat(new String(packet.payload()))
				.isEqualTo(id + "/" + packet.seq()));
		}
		double framesToNode = this.gateJvm.counter(GrpcMetrics.FRAMES_SENT, "remote", "node");
		double framesToGate = this.nodeJvm.counter(GrpcMetrics.FRAMES_SENT, "remote", "gate");
		assertThat(framesToNode).isPositive().isLessThan(total);
		assertThat(framesToGate).isPositive().isLessThan(total);
		assertThat(this.gateJvm.counter(GrpcMetrics.MESSAGES_FAILED, "reason", "queue-full")).isZero();
	}

	@Test
	void sessionEventsKeepTheirPlaceAmongMessages() {
		NodeEndpoint remote = this.gateJvm.transport.node(this.nodeInfo);
		for (long connection = 1; connection <= 20; connection++) {
			remote.sessionEvent(event(SessionEvent.Type.CONNECT, connection));
			for (int seq = 1; seq <= 3; seq++) {
				remote.deliver(message(connection, seq, "m"));
			}
			remote.sessionEvent(event(SessionEvent.Type.DISCONNECT, connection));
		}

		for (long connection = 1; connection <= 20; connection++) {
			long id = connection;
			await().until(() -> this.node.log(id).size() == 5);
			assertThat(this.node.log(id)).containsExactly("CONNECT", "message 1", "message 2", "message 3",
					"DISCONNECT");
		}
	}

	@Test
	void gateOperationsReachTheGateAndReturnItsAnswers() throws Exception {
		GateEndpoint remote = this.nodeJvm.transport.gate(this.gateInfo);

		assertThat(remote.bindUser(7, 42).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.bindUser(8, 43).get(10, TimeUnit.SECONDS)).isFalse();
		assertThat(remote.unbindUser(42).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.pushToUser(42, Packet.oneWay(9, bytes("to-user"))).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.multicast(List.of(41L, 42L), Packet.oneWay(9, bytes("some"))).get(10, TimeUnit.SECONDS))
			.isEqualTo(1);
		assertThat(remote.broadcast(Packet.oneWay(9, bytes("all"))).get(10, TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(remote.disconnectConnection(7, "bye").get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.disconnectUser(42, "kick").get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.evictDuplicateLogin(42, 5).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.evictDuplicateLogin(43, 6).get(10, TimeUnit.SECONDS)).isFalse();
		assertThat(remote.isOnline(42).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.isOnline(43).get(10, TimeUnit.SECONDS)).isFalse();
		assertThat(remote.onlineCount().get(10, TimeUnit.SECONDS)).isEqualTo(3L);

		assertThat(this.gate.calls).containsExactly("bind 7 42", "bind 8 43", "unbind 42", "pushToUser 42 to-user",
				"multicast [41, 42] some", "broadcast all", "disconnect 7 bye", "kick 42 kick", "evict 42 5", "evict 43 6");
	}

	@Test
	void pushToConnectionTakesTheStreamTheGateOpened() throws Exception {
		this.gateJvm.transport.node(this.nodeInfo).deliver(message(5, 1, "opens the stream"));
		await().until(() -> this.gate.pushes(5).size() == 1);
		GateEndpoint remote = this.nodeJvm.transport.gate(this.gateInfo);

		assertThat(remote.pushToConnection(6, Packet.oneWay(4, bytes("pushed"))).get(10, TimeUnit.SECONDS)).isTrue();

		await().until(() -> this.gate.pushes(6).size() == 1);
		assertThat(this.gate.pushes(6)).containsExactly(Packet.oneWay(4, bytes("pushed")));
		assertThat(this.nodeJvm.counter(GrpcMetrics.FRAMES_SENT, "remote", "gate")).isEqualTo(2);
	}

	@Test
	void replyAfterItsStreamEndedTakesAnotherStreamOfTheGate() throws Exception {
		HoldingNode holding = new HoldingNode();
		this.nodeJvm.exporter.exportNode("node-2", holding);
		NodeEndpoint echo = this.gateJvm.transport.node(this.nodeInfo);
		echo.deliver(message(5, 1, "opens the echo stream"));
		this.gateJvm.transport.node(this.nodeJvm.info("node-2", InstanceKind.NODE)).deliver(message(6, 1, "held"));
		await().until(() -> holding.messages.size() == 1 && this.gate.pushes(5).size() == 1);
		ClientMessage held = holding.messages.get(0);

		this.nodeJvm.exporter.unexport("node-2");
		assertThat(held.returnPath().reply(6, new Packet(3, 1, bytes("late"))).get(10, TimeUnit.SECONDS)).isTrue();
		await().until(() -> this.gate.pushes(6).size() == 1);

		this.nodeJvm.exporter.unexport("node-1");
		CompletableFuture<Boolean> lost = held.returnPath().reply(6, new Packet(3, 2, bytes("too late")));
		assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS)).cause()
			.satisfies((cause) -> assertThat(Status.fromThrowable(cause).getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		assertThat(this.nodeJvm.counter(GrpcMetrics.MESSAGES_FAILED, "reason", "unreachable")).isEqualTo(1);
		assertThat(this.gate.pushes(6)).containsExactly(new Packet(3, 1, bytes("late")));
	}

	@Test
	void pushToConnectionWithoutStreamFallsBackToUnaryCall() throws Exception {
		GateEndpoint remote = this.nodeJvm.transport.gate(this.gateInfo);

		assertThat(remote.pushToConnection(11, new Packet(4, 2, bytes("direct"), Packet.EXT_ERROR))
			.get(10, TimeUnit.SECONDS)).isTrue();

		assertThat(this.gate.pushes(11)).containsExactly(new Packet(4, 2, bytes("direct"), Packet.EXT_ERROR));
		assertThat(this.nodeJvm.counter(GrpcMetrics.FRAMES_SENT, "remote", "gate")).isZero();
	}

	@Test
	void callToUnknownGateFailsWithNotFound() {
		InstanceInfo unknown = Peer.info("gate-unknown", InstanceKind.GATE, this.gateJvm.exporter.advertisedEndpoint());

		CompletableFuture<Long> count = this.nodeJvm.transport.gate(unknown).onlineCount();

		assertThatThrownBy(() -> count.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.satisfies((cause) -> assertThat(Status.fromThrowable(cause).getCode()).isEqualTo(Status.Code.NOT_FOUND));
		assertThat(this.nodeJvm.counter(GrpcMetrics.MESSAGES_FAILED, "reason", "gate-call")).isEqualTo(1);
	}

	@Test
	void callToGateThatDoesNotAnswerFailsAtTheDeadline() {
		GrpcClusterProperties properties = Peer.properties();
		properties.setDeadline(java.time.Duration.ofMillis(300));
		try (Peer caller = new Peer(properties)) {
			this.gateJvm.exporter.exportGate("gate-silent", new SilentGate());
			InstanceInfo silent = this.gateJvm.info("gate-silent", InstanceKind.GATE);

			CompletableFuture<Boolean> online = caller.transport.gate(silent).isOnline(42);

			assertThatThrownBy(() -> online.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(StatusRuntimeException.class)
				.satisfies((cause) -> assertThat(Status.fromThrowable(cause).getCode())
					.isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		}
	}

	@Test
	void localInstancesAreCalledDirectly() {
		assertThat(this.gateJvm.transport.gate(this.gateInfo)).isSameAs(this.gate);
		assertThat(this.nodeJvm.transport.node(this.nodeInfo)).isSameAs(this.node);
	}

	@Test
	void standaloneEndpointIsRejected() {
		InstanceInfo local = Peer.info("node-x", InstanceKind.NODE, "local");

		assertThatThrownBy(() -> this.gateJvm.transport.node(local)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("host:port");
	}

	/** A message of gate-1, which puts its own return path on it as a gate does. */
	private ClientMessage message(long connectionId, int seq, String payload) {
		return new ClientMessage("gate-1", connectionId, 0, "10.0.0.1", 3, seq, bytes(payload), this.gatePath);
	}

	private static SessionEvent event(SessionEvent.Type type, long connectionId) {
		return new SessionEvent(type, "gate-1", connectionId, 0, "10.0.0.1");
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A gate whose answers never come. */
	private static final class SilentGate implements GateEndpoint {

		private final List<CompletableFuture<?>> pending = new ArrayList<>();

		private <T> CompletableFuture<T> never() {
			CompletableFuture<T> future = new CompletableFuture<>();
			synchronized (this.pending) {
				this.pending.add(future);
			}
			return future;
		}

		@Override
		public CompletableFuture<Boolean> bindUser(long connectionId, long userId) {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> unbindUser(long userId) {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> pushToConnection(long connectionId, Packet packet) {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> pushToUser(long userId, Packet packet) {
			return never();
		}

		@Override
		public CompletableFuture<Integer> multicast(java.util.Collection<Long> userIds, Packet packet) {
			return never();
		}

		@Override
		public CompletableFuture<Integer> broadcast(Packet packet) {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> disconnectConnection(long connectionId, String reason) {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> disconnectUser(long userId, String reason) {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> evictDuplicateLogin(long userId, long epoch) {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> isOnline(long userId) {
			return never();
		}

		@Override
		public CompletableFuture<Long> onlineCount() {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> subscribe(String channel, long userId) {
			return never();
		}

		@Override
		public CompletableFuture<Boolean> unsubscribe(String channel, long userId) {
			return never();
		}

		@Override
		public CompletableFuture<Integer> publish(String channel, Packet packet) {
			return never();
		}

	}

	/** A node that keeps the messages it is given and answers none of them. */
	private static final class HoldingNode implements NodeEndpoint {

		final List<ClientMessage> messages = new CopyOnWriteArrayList<>();

		@Override
		public void deliver(ClientMessage message) {
			this.messages.add(message);
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
