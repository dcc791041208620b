package io.rally.cluster.grpc;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.ReturnPath;
import io.rally.cluster.grpc.NodeUnavailableException.Reason;
import org.junit.jupiter.api.Test;

import static io.rally.cluster.grpc.LinkMessages.deliverFails;
import static io.rally.cluster.grpc.LinkMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Peers that die, come back, or never answer.
 */
class GrpcOutageTest {

	@Test
	void streamToRestartedNodeReconnectsByItself() {
		GrpcClusterProperties properties = Peer.properties();
		// No grace: once the stream is known to be broken, deliver fails at once.
		properties.setReconnectGrace(Duration.ZERO);
		// Stopping the node's server cancels its streams at once, as a crash would.
		properties.setShutdownTimeout(Duration.ZERO);
		try (Peer gateJvm = new Peer(properties)) {
			RecordingGate gate = new RecordingGate();
			gateJvm.exporter.exportGate("gate-1", gate);
			InstanceInfo gateInfo = gateJvm.info("gate-1", InstanceKind.GATE);
			Peer nodeJvm = startNode(properties, gateInfo);
			int port = nodeJvm.exporter.getPort();
			InstanceInfo nodeInfo = nodeJvm.info("node-1", InstanceKind.NODE);
			NodeEndpoint remote = gateJvm.transport.node(nodeInfo);
			ReturnPath path = new ReturnedMessages(gate);
			remote.deliver(message(path, 1, 1));
			await().until(() -> gate.pushes(1).size() == 1);

			nodeJvm.close();

			await().until(() -> deliverFails(remote, message(path, 2, 1)) == Reason.UNREACHABLE);
			assertThat(gateJvm.counter(GrpcMetrics.MESSAGES_FAILED, "reason", "unreachable")).isPositive();
			assertThat(gateJvm.gauge(GrpcMetrics.LINK_UP, "remote", "node")).isZero();

			GrpcClusterProperties samePort = Peer.properties();
			samePort.setPort(port);
			AtomicReference<Peer> restarted = new AtomicReference<>();
			await().ignoreExceptions().until(() -> restarted.compareAndSet(null, startNode(samePort, gateInfo)));
			try {
				await().until(() -> gateJvm.gauge(GrpcMetrics.LINK_UP, "remote", "node") == 1);
				assertThat(gateJvm.counter(GrpcMetrics.RECONNECTS, "remote", "node")).isPositive();
				remote.deliver(message(path, 3, 1));
				await().until(() -> gate.pushes(3).size() == 1);
			}
			finally {
				restarted.get().close();
			}
		}
	}

	@Test
	void fullQueueFailsMessagesInsteadOfGrowing() throws IOException {
		GrpcClusterProperties properties = Peer.properties();
		properties.setMaxQueuedMessages(10);
		properties.setReconnectGrace(Duration.ofMinutes(1));
		try (Peer gateJvm = new Peer(properties)) {
			RecordingGate gate = new RecordingGate();
			gateJvm.exporter.exportGate("gate-1", gate);
			ReturnPath path = new ReturnedMessages(gate);
			NodeEndpoint remote = gateJvm.transport
				.node(Peer.info("node-dead", InstanceKind.NODE, "127.0.0.1:" + freePort()));

			for (int seq = 1; seq <= 10; seq++) {
				remote.deliver(message(path, 1, seq));
			}

			assertThatThrownBy(() -> remote.deliver(message(path, 1, 11))).isInstanceOf(NodeUnavailableException.class)
				.satisfies((ex) -> assertThat(((NodeUnavailableException) ex).getReason()).isEqualTo(Reason.QUEUE_FULL));
			assertThat(gateJvm.counter(GrpcMetrics.MESSAGES_FAILED, "reason", "queue-full")).isEqualTo(1);
		}
	}

	@Test
	void messagesHeldPastTheGraceGoBackToTheirReturnPath() throws IOException {
		GrpcClusterProperties properties = Peer.properties();
		properties.setReconnectGrace(Duration.ofMillis(200));
		try (Peer gateJvm = new Peer(properties)) {
			RecordingGate gate = new RecordingGate();
			gateJvm.exporter.exportGate("gate-1", gate);
			ReturnedMessages path = new ReturnedMessages(gate);
			NodeEndpoint remote = gateJvm.transport
				.node(Peer.info("node-dead", InstanceKind.NODE, "127.0.0.1:" + freePort()));
			ClientMessage request = message(path, 1, 7);
			ClientMessage oneWay = message(path, 2, 0);
			ClientMessage madeUpByANode = message(null, 3, 9);

			remote.deliver(request);
			remote.deliver(oneWay);
			remote.deliver(madeUpByANode);

			await().until(() -> gateJvm.counter(GrpcMetrics.MESSAGES_FAILED, "reason", "expired") == 3);
			assertThat(path.undelivered).as("what the gate answers is the gate's business")
				.containsExactly(request, oneWay);
			assertThat(gate.pushCount()).as("the link answers nobody itself").isZero();
		}
	}

	@Test
	void nodeThatCannotBeReachedAgainFailsMessagesWithoutWaitingForTheGrace() {
		GrpcClusterProperties properties = Peer.properties();
		properties.setReconnectGrace(Duration.ofMinutes(1));
		properties.setShutdownTimeout(Duration.ZERO);
		try (Peer gateJvm = new Peer(properties)) {
			RecordingGate gate = new RecordingGate();
			gateJvm.exporter.exportGate("gate-1", gate);
			ReturnedMessages path = new ReturnedMessages(gate);
			Peer nodeJvm = startNode(properties, gateJvm.info("gate-1", InstanceKind.GATE));
			NodeEndpoint remote = gateJvm.transport.node(nodeJvm.info("node-1", InstanceKind.NODE));
			remote.deliver(message(path, 1, 1));
			await().until(() -> gate.pushes(1).size() == 1);

			nodeJvm.close();
			await().until(() -> gateJvm.gauge(GrpcMetrics.LINK_UP, "remote", "node") == 0);
			ClientMessage held = message(path, 2, 1);
			Reason refused = deliverFails(remote, held);

			// Held while the stream is re-opened, it goes back once that fails; or else refused.
			if (refused == null) {
				await().until(() -> path.undelivered.contains(held));
			}
			else {
				assertThat(refused).isEqualTo(Reason.UNREACHABLE);
			}
			await().until(() -> deliverFails(remote, message(path, 3, 1)) == Reason.UNREACHABLE);
		}
	}

	@Test
	void callToDeadGateCompletesExceptionally() throws IOException {
		try (Peer nodeJvm = new Peer(Peer.properties())) {
			InstanceInfo dead = Peer.info("gate-dead", InstanceKind.GATE, "127.0.0.1:" + freePort());

			CompletableFuture<Boolean> online = nodeJvm.transport.gate(dead).isOnline(42);
			CompletableFuture<Boolean> push = nodeJvm.transport.gate(dead)
				.pushToConnection(1, io.rally.protocol.Packet.oneWay(1, new byte[0]));

			for (CompletableFuture<Boolean> call : java.util.List.of(online, push)) {
				assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
					.cause()
					.satisfies((cause) -> assertThat(Status.fromThrowable(cause).getCode())
						.isIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED));
			}
			assertThat(nodeJvm.counter(GrpcMetrics.MESSAGES_FAILED, "reason", "gate-call")).isEqualTo(2);
		}
	}

	private static Peer startNode(GrpcClusterProperties properties, InstanceInfo gateInfo) {
		Peer nodeJvm = new Peer(properties);
		nodeJvm.exporter.exportNode("node-1", new EchoNode(nodeJvm.transport, gateInfo));
		return nodeJvm;
	}



	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
