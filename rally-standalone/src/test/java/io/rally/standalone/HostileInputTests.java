package io.rally.standalone;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.client.RallyErrorException;
import io.rally.protocol.Packet;
import io.rally.examples.basics.EchoController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Input no well-behaved client sends: each closes only the connection that sent it, is
 * counted, and a healthy client on the same gate keeps working throughout.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0" })
class HostileInputTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	GateClients clients;

	RallyClient healthy;

	@BeforeEach
	void connectHealthyClient() {
		this.clients = new GateClients(this.context);
		this.healthy = this.clients.login(ClientTransport.TCP, 9001);
		assertHealthy();
	}

	@AfterEach
	void healthyClientSurvived() {
		assertHealthy();
		this.clients.close();
	}

	@Test
	void oversizedPacketClosesTheConnectionBeforeItsBodyArrives() throws Exception {
		double before = decodeErrors("oversized");
		try (Socket socket = RawConnections.tcp(this.clients.port("tcp"))) {
			RawConnections.write(socket, new byte[] { 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0 });
			RawConnections.awaitClosedByPeer(socket);
		}
		await().until(() -> decodeErrors("oversized") > before);
	}

	@Test
	void truncatedPacketClosesTheConnection() throws Exception {
		double before = decodeErrors("truncated");
		try (Socket socket = RawConnections.tcp(this.clients.port("tcp"))) {
			RawConnections.write(socket, new byte[] { 0, 0, 0, 2, 0, 1 });
			RawConnections.awaitClosedByPeer(socket);
		}
		await().until(() -> decodeErrors("truncated") > before);
	}

	@Test
	void garbageBytesCloseTheConnection() throws Exception {
		byte[] garbage = new byte[4096];
		new Random(42).nextBytes(garbage);
		garbage[0] = 0x55;
		try (Socket socket = RawConnections.tcp(this.clients.port("tcp"))) {
			RawConnections.write(socket, garbage);
			RawConnections.awaitClosedByPeer(socket);
		}
	}

	@Test
	void webSocketTextFrameClosesWithProtocolError() {
		double before = decodeErrors("unsupported_frame");
		RawConnections.Listener ws = RawConnections.webSocket(this.clients.port("ws"));
		ws.socket.sendText("{\"route\":1}", true);
		assertThat(ws.closed.orTimeout(10, TimeUnit.SECONDS).join()).isIn(1002, 1003, -1);
		await().until(() -> decodeErrors("unsupported_frame") > before);
	}

	@Test
	void webSocketFrameWhoseSizeDisagreesWithItsLengthIsRefused() {
		double before = decodeErrors("length_mismatch");
		RawConnections.Listener ws = RawConnections.webSocket(this.clients.port("ws"));
		ws.socket.sendBinary(ByteBuffer.wrap(new byte[] { 0, 0, 0, 9, 0, 0, 1, 0, 1 }), true);
		assertThat(ws.closed.orTimeout(10, TimeUnit.SECONDS).join()).isIn(1002, -1);
		await().until(() -> decodeErrors("length_mismatch") > before);
	}

	@Test
	void unknownRouteAnswersAnErrorToClientsThatAskedForErrors() {
		RallyClient client = this.clients.connect(ClientTransport.WEBSOCKET, true);

		assertThatThrownBy(() -> client.request(999, new byte[0]).orTimeout(10, TimeUnit.SECONDS).join())
			.isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOfSatisfying(RallyErrorException.class, (error) -> assertThat(error.code()).isEqualTo(404));
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void unknownRouteIsDroppedAndCountedForOtherClients() {
		double before = dropped("unknown_route");
		RallyClient client = this.clients.connect(ClientTransport.TCP, false);

		CompletableFuture<Packet> unanswered = client.request(999, new byte[0]);
		await().atMost(Duration.ofSeconds(10)).until(() -> dropped("unknown_route") > before);
		client.request(EchoController.ECHO, new byte[] { 1 }).orTimeout(10, TimeUnit.SECONDS).join();

		// The echo reply came after any reply to route 999 would have: none was sent.
		assertThat(unanswered).isNotDone();
		assertThat(client.isConnected()).isTrue();
	}

	private void assertHealthy() {
		byte[] payload = { 4, 2 };
		assertThat(this.healthy.request(EchoController.ECHO, payload).orTimeout(10, TimeUnit.SECONDS).join().payload())
			.isEqualTo(payload);
	}

	private double decodeErrors(String reason) {
		return count("rally.gate.decode.errors", reason);
	}

	private double dropped(String reason) {
		return count("rally.gate.messages.dropped", reason);
	}

	private double count(String name, String reason) {
		Counter counter = this.meters.find(name).tag("reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
