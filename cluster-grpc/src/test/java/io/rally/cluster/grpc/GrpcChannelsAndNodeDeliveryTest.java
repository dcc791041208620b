package io.rally.cluster.grpc;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
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
 * Channel calls from a node to a gate, and a message from one node to another, each side a
 * "JVM" of its own linked by real gRPC on port 0.
 */
class GrpcChannelsAndNodeDeliveryTest {

	private Peer gateJvm;

	private Peer nodeJvm;

	private Peer otherNodeJvm;

	private RecordingGate gate;

	private EchoNode node;

	private InstanceInfo gateInfo;

	private InstanceInfo nodeInfo;

	@BeforeEach
	void startCluster() {
		this.gateJvm = new Peer(Peer.properties());
		this.nodeJvm = new Peer(Peer.properties());
		this.otherNodeJvm = new Peer(Peer.properties());
		this.gate = new RecordingGate();
		this.gateJvm.exporter.exportGate("gate-1", this.gate);
		this.gateInfo = this.gateJvm.info("gate-1", InstanceKind.GATE);
		this.node = new EchoNode(this.nodeJvm.transport, this.gateInfo);
		this.nodeJvm.exporter.exportNode("node-1", this.node);
		this.nodeInfo = this.nodeJvm.info("node-1", InstanceKind.NODE);
		this.otherNodeJvm.exporter.exportNode("node-0", new SilentNode());
	}

	@AfterEach
	void stopCluster() {
		this.gateJvm.close();
		this.nodeJvm.close();
		this.otherNodeJvm.close();
	}

	@Test
	void channelCallsReachTheGateAndReturnItsAnswers() throws Exception {
		GateEndpoint remote = this.nodeJvm.transport.gate(this.gateInfo);

		assertThat(remote.subscribe("room-1", 42).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.subscribe("room-1", 43).get(10, TimeUnit.SECONDS)).isFalse();
		assertThat(remote.unsubscribe("room-1", 42).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(remote.unsubscribe("room-1", 43).get(10, TimeUnit.SECONDS)).isFalse();
		assertThat(remote.publish("room-1", new Packet(9, 0, bytes("news"), 0)).get(10, TimeUnit.SECONDS))
			.isEqualTo(2);

		assertThat(this.gate.calls).containsExactly("subscribe room-1 42", "subscribe room-1 43",
				"unsubscribe room-1 42", "unsubscribe room-1 43", "publish room-1 9 news");
	}

	@Test
	void theGatesRefusalsArriveAsTheirStatus() {
		GateEndpoint remote = this.nodeJvm.transport.gate(this.gateInfo);

		assertThat(statusOf(remote.subscribe("bad", 42))).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(statusOf(remote.subscribe("full", 42))).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThatThrownBy(() -> remote.publish(null, Packet.oneWay(1, new byte[0])).join())
			.hasCauseInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aNodeDeliversToAnotherNodeWhichAnswersTheClientsGate() {
		NodeEndpoint target = this.otherNodeJvm.transport.node(this.nodeInfo);
		assertThat(target).as("a node in another JVM").isInstanceOf(RemoteNode.class);

		// As node-0 hands on a message of a client of gate-1, keeping its seq so node-1 answers it.
		target.deliver(new ClientMessage("gate-1", 5, 42, "10.0.0.1", 3, 11, bytes("relayed"), null));

		await().until(() -> this.gate.pushes(5).size() == 1);
		assertThat(this.node.log(5)).containsExactly("message 11");
		assertThat(this.gate.pushes(5)).containsExactly(new Packet(3, 11, bytes("relayed")));
		assertThat(this.nodeJvm.gauge(GrpcMetrics.LINK_UP, "remote", "gate"))
			.as("the stream from node-0 is not taken for a gate's").isZero();
	}

	private static Status.Code statusOf(CompletableFuture<?> call) {
		try {
			call.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return Status.fromThrowable(ex.getCause()).getCode();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		throw new AssertionError("The call succeeded");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A node that takes everything and does nothing. */
	private static final class SilentNode implements NodeEndpoint {

		@Override
		public void deliver(ClientMessage message) {
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
