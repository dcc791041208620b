package io.rally.gate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gate with an authorize timeout, heartbeats off and an Origin allow-list on WebSocket.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-auth", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.heartbeat.interval=0",
				"rally.gate.authorize-timeout=700ms", "rally.gate.ws.path=/game",
				"rally.gate.ws.allowed-origins=https://good.example" })
class AuthorizeTimeoutTest {

	@Autowired
	GateMetrics metrics;

	@Autowired
	ApplicationContext context;

	private int port(String transport) {
		return GateServers.port(this.context, transport);
	}

	@Test
	void closesUnboundConnectionButNotABoundOne() throws Exception {
		double before = Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "reason",
				"authorize_timeout");
		try (TcpTestClient bound = TcpTestClient.connect(port("tcp"))) {
			bound.login(990001);
			try (TcpTestClient unbound = TcpTestClient.connect(port("tcp"))) {
				// The bound connection is older, so its deadline has passed when this one closes.
				assertThat(unbound.isClosedByPeer()).isTrue();
			}
			assertThat(text(bound.request(TestNode.SECURE_ECHO, 2, "still bound"))).isEqualTo("still bound");
		}
		await().until(() -> Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "reason",
				"authorize_timeout") == before + 1);
	}

	@Test
	void refusesWebSocketFromAnOriginNotAllowed() throws Exception {
		assertThat(handshake("/game", "https://evil.example")).startsWith("HTTP/1.1 403");
		assertThat(handshake("/game", null)).startsWith("HTTP/1.1 403");
	}

	@Test
	void refusesWebSocketOnAnotherPath() throws Exception {
		assertThat(handshake("/other", "https://good.example")).startsWith("HTTP/1.1 404");
		assertThat(handshake("/gameover", "https://good.example")).startsWith("HTTP/1.1 404");
	}

	@Test
	void acceptsWebSocketFromAnAllowedOrigin() throws Exception {
		assertThat(handshake("/game", "https://good.example")).startsWith("HTTP/1.1 101");
		assertThat(handshake("/game?token=abc", "https://good.example")).startsWith("HTTP/1.1 101");
	}

	private String handshake(String path, String origin) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port("ws"))) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\n" + ((origin != null) ? "Origin: " + origin + "\r\n" : "") + "\r\n";
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
	}

}
