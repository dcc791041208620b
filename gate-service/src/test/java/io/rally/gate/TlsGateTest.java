package io.rally.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLContext;

import io.rally.gate.internal.NettyGateServer;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.gate.support.WsTestClient;
import io.rally.protocol.Packet;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * TCP and WebSocket over TLS against a real gate with a certificate generated for the test:
 * round trips, and clients that do not speak TLS refused without disturbing those that do.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-tls", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.heartbeat.interval=5s",
				"rally.gate.tls.enabled=true", "rally.gate.tls.handshake-timeout=1s",
				"rally.gate.tls.reload-interval=0" })
@DirtiesContext
class TlsGateTest {

	private static final TestCertificates CERTIFICATES = TestCertificates.create("tls-gate-test");

	@TempDir
	static Path directory;

	@Autowired
	ApplicationContext context;

	@Autowired
	GateMetrics metrics;

	@DynamicPropertySource
	static void certificateFiles(DynamicPropertyRegistry registry) throws IOException {
		CERTIFICATES.writeGateFiles(directory).forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void bothTransportsServeTls() {
		assertThat(this.context.getBeansOfType(NettyGateServer.class).values()).extracting(NettyGateServer::isTls)
			.containsExactly(true, true);
	}

	@Test
	void tcpRoundTripOverTls() throws Exception {
		try (TcpTestClient client = TcpTestClient.connectTls(port("tcp"), CERTIFICATES.clientContext())) {
			assertThat(client.peerCertificate()).isEqualTo(CERTIFICATES.server());
			Packet reply = client.request(TestNode.ECHO, 7, "{\"over\":\"tls\"}");
			assertThat(reply.seq()).isEqualTo(7);
			assertThat(text(reply)).isEqualTo("{\"over\":\"tls\"}");
		}
	}

	@Test
	void webSocketRoundTripOverTls() throws Exception {
		try (WsTestClient client = WsTestClient.connectTls(port("ws"), CERTIFICATES.clientContext())) {
			Packet reply = client.request(TestNode.ECHO, 9, "wss");
			assertThat(reply.seq()).isEqualTo(9);
			assertThat(text(reply)).isEqualTo("wss");
		}
	}

	@Test
	void plaintextTcpClientIsRefusedAndCountedWhileTlsClientsKeepWorking() throws Exception {
		double refused = closed("tcp", CloseReason.TLS_HANDSHAKE.tag());
		try (TcpTestClient tls = TcpTestClient.connectTls(port("tcp"), CERTIFICATES.clientContext());
				TcpTestClient plain = TcpTestClient.connect(port("tcp"))) {
			assertThat(text(tls.request(TestNode.ECHO, 1, "before"))).isEqualTo("before");
			plain.send(new Packet(TestNode.ECHO, 1, new byte[] { 'h', 'i' }));
			assertThat(plain.isClosedByPeer()).isTrue();
			await().untilAsserted(() -> assertThat(closed("tcp", CloseReason.TLS_HANDSHAKE.tag())).isEqualTo(refused + 1));
			assertThat(text(tls.request(TestNode.ECHO, 2, "after"))).isEqualTo("after");
		}
	}

	@Test
	void plaintextWebSocketClientIsRefusedAndCounted() {
		double refused = closed("ws", CloseReason.TLS_HANDSHAKE.tag());
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> WsTestClient.connect(port("ws")));
		// java.net.http retries a GET whose connection closed, so there may be two attempts.
		await().untilAsserted(
				() -> assertThat(closed("ws", CloseReason.TLS_HANDSHAKE.tag())).isGreaterThanOrEqualTo(refused + 1));
	}

	@Test
	void silentClientIsClosedAfterTheHandshakeTimeout() throws Exception {
		double refused = closed("tcp", CloseReason.TLS_HANDSHAKE.tag());
		try (TcpTestClient silent = TcpTestClient.connect(port("tcp"))) {
			assertThat(silent.isClosedByPeer()).isTrue();
		}
		await().untilAsserted(() -> assertThat(closed("tcp", CloseReason.TLS_HANDSHAKE.tag())).isEqualTo(refused + 1));
	}

	@Test
	void clientThatDoesNotTrustTheGateIsRefused() {
		SSLContext other = TestCertificates.create("someone-else").clientContext();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> TcpTestClient.connectTls(port("tcp"), other));
	}

	private int port(String transport) {
		return GateServers.port(this.context, transport);
	}

	private double closed(String transport, String reason) {
		return Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "transport", transport, "reason",
				reason);
	}

}
