package io.rally.gate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gate that lets one client address hold two connections, across TCP and WebSocket; clients
 * come from their own loopback addresses (127.0.0.2, 127.0.0.3).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-per-ip", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.per-ip.max-connections=2",
				"rally.gate.per-ip.connection-rate=0", "rally.gate.per-ip.log-interval=1h" })
class PerIpConnectionLimitTest {

	@Autowired
	GateMetrics metrics;

	@Autowired
	GateChannelSettings settings;

	@Autowired
	ApplicationContext context;

	private int port(String transport) {
		return GateServers.port(this.context, transport);
	}

	@Test
	void capsTheConnectionsOfOneAddressAcrossTransports(CapturedOutput output) throws Exception {
		double before = closed("per_ip_limit");
		try (TcpTestClient tcp = TcpTestClient.connectFrom("127.0.0.2", port("tcp"));
				Socket ws = webSocketFrom("127.0.0.2")) {
			assertThat(text(tcp.request(TestNode.ECHO, 1, "one"))).isEqualTo("one");
			assertThat(statusLine(ws)).startsWith("HTTP/1.1 101");

			try (TcpTestClient third = TcpTestClient.connectFrom("127.0.0.2", port("tcp"))) {
				assertThat(third.isClosedByPeer()).isTrue();
			}
			try (Socket thirdWs = webSocketFrom("127.0.0.2")) {
				assertThat(TcpTestClient.isClosedByPeer(thirdWs)).isTrue();
			}
			assertThat(closed("per_ip_limit")).isEqualTo(before + 2);

			// Another address has slots of its own.
			try (TcpTestClient other = TcpTestClient.connectFrom("127.0.0.3", port("tcp"))) {
				assertThat(text(other.request(TestNode.ECHO, 1, "other"))).isEqualTo("other");
			}
			assertThat(Meters.gauge(this.metrics.registry(), GateMetrics.PER_IP_ADDRESSES)).isGreaterThanOrEqualTo(1);
		}
		// Closed connections give their slots back.
		InetAddress address = InetAddress.getByName("127.0.0.2");
		await().until(() -> this.settings.perIp().open(address) == 0);
		try (TcpTestClient again = TcpTestClient.connectFrom("127.0.0.2", port("tcp"))) {
			assertThat(text(again.request(TestNode.ECHO, 2, "again"))).isEqualTo("again");
		}
		// Two refusals, one line in the log.
		assertThat(output.getAll().lines().filter((line) -> line.contains("from 127.0.0.2 (per_ip_limit)")))
			.hasSize(1);
	}

	private double closed(String reason) {
		return Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "reason", reason);
	}

	/** A WebSocket upgrade request from {@code source}, not yet answered. */
	private Socket webSocketFrom(String source) throws Exception {
		Socket socket = new Socket();
		socket.setSoTimeout(5000);
		socket.bind(new InetSocketAddress(source, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", port("ws")), 5000);
		socket.getOutputStream()
			.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

	private static String statusLine(Socket socket) throws Exception {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
			.readLine();
	}

}
