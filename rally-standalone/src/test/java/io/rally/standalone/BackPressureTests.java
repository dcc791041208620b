package io.rally.standalone;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.examples.basics.EchoController;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that pipeline requests as fast as a socket allows to a node whose queue is small
 * cost nobody a message: the gate stops reading from them while the node's workers are past
 * their high-water mark, every one of their requests is answered in the end, and a player on
 * another connection loses nothing. Neither the in-flight window nor the rate limits are in
 * play here (both are set out of reach), so only the node's readiness protects the queue.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0", "rally.node.worker-threads=1",
		"rally.node.max-queued-messages=64", "rally.gate.limits.max-in-flight=5000",
		"rally.gate.limits.rate.enabled=false" })
class BackPressureTests {

	private static final PacketCodec CODEC = new PacketCodec(ProtocolSettings.defaults());

	private static final int FLOODERS = 3;

	private static final int REQUESTS_PER_FLOODER = 1500;

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Test
	void floodersAreSlowedDownAndNobodyLosesAMessage() throws Exception {
		double rejectedBefore = count("rally.node.messages.rejected");
		double droppedBefore = count("rally.gate.messages.dropped");
		List<Socket> flooders = new ArrayList<>();
		List<CompletableFuture<Integer>> answered = new ArrayList<>();
		try (GateClients clients = new GateClients(this.context)) {
			RallyClient player = clients.connect(ClientTransport.TCP, true);
			for (int i = 0; i < FLOODERS; i++) {
				Socket flooder = RawConnections.tcp(clients.port("tcp"));
				flooders.add(flooder);
				answered.add(CompletableFuture.supplyAsync(() -> countReplies(flooder, REQUESTS_PER_FLOODER)));
				CompletableFuture.runAsync(() -> flood(flooder));
			}
			for (int i = 0; i < 200; i++) {
				byte[] payload = { (byte) i };
				assertThat(player.request(EchoController.ECHO, payload).orTimeout(30, TimeUnit.SECONDS).join().payload())
					.isEqualTo(payload);
			}
			for (CompletableFuture<Integer> replies : answered) {
				assertThat(replies.get(60, TimeUnit.SECONDS)).isEqualTo(REQUESTS_PER_FLOODER);
			}
		}
		finally {
			for (Socket flooder : flooders) {
				flooder.close();
			}
		}
		assertThat(count("rally.node.messages.rejected")).isEqualTo(rejectedBefore);
		assertThat(count("rally.gate.messages.dropped")).isEqualTo(droppedBefore);
		await().untilAsserted(() -> assertThat(count("rally.gate.reads.paused")).isPositive());
	}

	/** Writes every request at once, without waiting for a reply. */
	private static void flood(Socket socket) {
		ByteBuf buffer = Unpooled.buffer();
		try {
			for (int seq = 1; seq <= REQUESTS_PER_FLOODER; seq++) {
				CODEC.encode(new Packet(SlowController.SLOW, seq, new byte[] { 1, 2, 3, 4 }), buffer);
			}
			OutputStream out = socket.getOutputStream();
			out.write(ByteBufUtil.getBytes(buffer));
			out.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			buffer.release();
		}
	}

	/** Reads length-prefixed frames until {@code expected} replies came, or the socket ends. */
	private static int countReplies(Socket socket, int expected) {
		AtomicInteger replies = new AtomicInteger();
		try {
			DataInputStream in = new DataInputStream(socket.getInputStream());
			while (replies.get() < expected) {
				int length = in.readInt();
				in.skipNBytes(length);
				replies.incrementAndGet();
			}
		}
		catch (IOException ex) {
			// the count so far is the answer
		}
		return replies.get();
	}

	private double count(String name) {
		return this.meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
	}

}
