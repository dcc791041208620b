package io.rally.standalone;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import io.rally.examples.basics.AnnouncementController;
import io.rally.examples.basics.EchoController;
import io.rally.examples.basics.LoginController;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gate's guards against connections that cost without playing: silent ones, ones that
 * never log in, and ones that stop reading. A logged-in, well-behaved client outlives them all.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0", "rally.gate.heartbeat.interval=500ms",
		"rally.gate.authorize-timeout=2s", "rally.gate.outbound.max-pending=64KB" })
class ConnectionLimitsTests {

	private static final PacketCodec CODEC = new PacketCodec(ProtocolSettings.defaults());

	private static final byte[] HEARTBEAT = { 0, 0, 0, 1, (byte) 0x80 };

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	GateClients clients;

	RallyClient healthy;

	@BeforeEach
	void connectHealthyClient() {
		this.clients = new GateClients(this.context);
		this.healthy = this.clients.login(ClientTransport.WEBSOCKET, 7001);
	}

	@AfterEach
	void healthyClientSurvived() {
		byte[] payload = { 7 };
		assertThat(this.healthy.request(EchoController.ECHO, payload).orTimeout(10, TimeUnit.SECONDS).join().payload())
			.isEqualTo(payload);
		this.clients.close();
	}

	@Test
	void silentConnectionIsClosedAfterTwoHeartbeatIntervals() throws IOException {
		double before = closed("heartbeat_timeout");
		try (Socket silent = RawConnections.tcp(this.clients.port("tcp"))) {
			RawConnections.awaitClosedByPeer(silent);
		}
		await().until(() -> closed("heartbeat_timeout") > before);
	}

	@Test
	void connectionThatNeverLogsInIsClosedAfterTheAuthorizeTimeout() {
		double before = closed("authorize_timeout");
		RallyClient anonymous = this.clients.connect(ClientTransport.TCP);
		RallyClient player = this.clients.login(ClientTransport.TCP, 7002);

		await().atMost(Duration.ofSeconds(15)).until(() -> !anonymous.isConnected());
		assertThat(closed("authorize_timeout")).isGreaterThan(before);
		assertThat(player.isConnected()).isTrue();
	}

	@Test
	void clientThatStopsReadingIsDisconnected() throws IOException {
		double before = closed("slow_consumer");
		try (Socket stalled = new Socket()) {
			stalled.setReceiveBufferSize(4096);
			stalled.connect(new java.net.InetSocketAddress("127.0.0.1", this.clients.port("tcp")));
			RawConnections.write(stalled, encode(new Packet(LoginController.LOGIN, 1,
					"{\"userId\":7003}".getBytes(StandardCharsets.UTF_8))));
			await().until(() -> this.healthy.request(LoginController.ONLINE, new byte[] { '{', '}' })
				.orTimeout(10, TimeUnit.SECONDS)
				.thenApply((reply) -> GateClients.json(reply).get("online").asLong() >= 2)
				.join());

			String text = "x".repeat(4000);
			byte[] announce = ("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
			for (int round = 0; round < 200 && closed("slow_consumer") == before; round++) {
				// It stops reading, not talking: its heartbeats keep the silence timer away.
				if (!stillWritable(stalled)) {
					break;
				}
				List<CompletableFuture<Packet>> batch = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					batch.add(this.healthy.request(AnnouncementController.ANNOUNCE, announce));
				}
				CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
			}
			assertThat(closed("slow_consumer")).isGreaterThan(before);
			stalled.setSoTimeout(15_000);
			RawConnections.awaitClosedByPeer(stalled);
		}
	}

	private static boolean stillWritable(Socket socket) {
		try {
			RawConnections.write(socket, HEARTBEAT);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static byte[] encode(Packet packet) {
		ByteBuf buffer = Unpooled.buffer();
		try {
			CODEC.encode(packet, buffer);
			return ByteBufUtil.getBytes(buffer);
		}
		finally {
			buffer.release();
		}
	}

	private double closed(String reason) {
		Counter counter = this.meters.find("rally.gate.connections.closed").tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
