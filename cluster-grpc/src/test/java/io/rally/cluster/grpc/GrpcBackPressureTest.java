package io.rally.cluster.grpc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.flow.WaterMarks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Back-pressure across a real gRPC link: a node whose workers are behind stops asking for
 * frames, the link's flow-control window fills, the gate's queue for the stream passes its
 * high-water mark and the node reads as not ready to the gate; once the node catches up,
 * whoever waited is released and every message arrives, in order, none failed.
 */
class GrpcBackPressureTest {

	private static final String GATE = "gate-1";

	private static final int MESSAGES = 1000;

	/** 16 MB in all: more than HTTP/2's flow-control window can ever take on its own. */
	private static final byte[] PAYLOAD = new byte[16 * 1024];

	@Test
	void aNodeThatFallsBehindPausesTheGateInsteadOfRefusingItsMessages() {
		GrpcClusterProperties properties = Peer.properties();
		properties.setMaxQueuedMessages(5000);
		properties.setHighWaterMessages(100);
		// One message a frame, so that a node that asks for one frame gets exactly one message.
		properties.setMaxBatchSize(1);
		try (Peer gateJvm = new Peer(properties); Peer nodeJvm = new Peer(properties)) {
			RecordingGate gate = new RecordingGate();
			gateJvm.exporter.exportGate(GATE, gate);
			BehindNode node = new BehindNode();
			nodeJvm.exporter.exportNode("node-1", node);
			NodeEndpoint remote = gateJvm.transport.node(nodeJvm.info("node-1", InstanceKind.NODE));
			ReturnedMessages path = new ReturnedMessages(gate);

			for (int seq = 1; seq <= MESSAGES; seq++) {
				remote.deliver(message(path, seq));
			}
			// The gate keeps writing until the link's flow-control window is full (1 MB, some 60
			// frames), while the node, behind from the start, asked for its first frame only.
			await().until(() -> gateJvm.counter(GrpcMetrics.FRAMES_SENT, "remote", "node") >= 40);
			assertThat(node.seqs).containsExactly(1);
			await().until(() -> !remote.isReady(GATE));
			AtomicBoolean released = new AtomicBoolean();
			remote.whenReady(GATE, () -> released.set(true));
			assertThat(released).as("nobody is released while the node is behind").isFalse();

			node.catchUp();
			await().untilTrue(released);
			await().until(() -> node.seqs.size() == MESSAGES);
			assertThat(node.seqs).isSorted();
			assertThat(gateJvm.counter(GrpcMetrics.MESSAGES_FAILED, "reason", "queue-full")).isZero();
			assertThat(path.undelivered).isEmpty();
		}
	}

	private static ClientMessage message(ReturnedMessages path, int seq) {
		return new ClientMessage(GATE, 1, 0, "10.0.0.1", 3, seq, PAYLOAD, path);
	}

	/** A node whose workers are behind until the test lets them catch up. */
	private static final class BehindNode implements NodeEndpoint {

		final List<Integer> seqs = new CopyOnWriteArrayList<>();

		private final AtomicBoolean behind = new AtomicBoolean(true);

		private final WaterMarks marks = new WaterMarks(1, 0, () -> this.behind.get() ? 1 : 0);

		void catchUp() {
			this.behind.set(false);
			this.marks.drained(0);
		}

		@Override
		public void deliver(ClientMessage message) {
			this.seqs.add(message.seq());
		}

		@Override
		public void sessionEvent(SessionEvent event) {
		}

		@Override
		public CompletableFuture<Void> ping() {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public boolean isReady(String gateId) {
			return this.marks.isReady();
		}

		@Override
		public void whenReady(String gateId, Runnable task) {
			this.marks.whenReady(task);
		}

	}

}
