package io.rally.gate.internal.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.relay.RelayTcpServer;
import io.rally.gate.internal.relay.RelayWsServer;
import io.rally.gate.support.Meters;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transparent gate's TCP and WebSocket relays over TLS, against real TCP backends: byte
 * exact both ways, never spliced, and plaintext clients refused beside working TLS ones.
 */
class TransparentTlsTest {

	private static final TestCertificates CERTIFICATES = TestCertificates.create("transparent-tls-test");

	private static final int UP_BYTES = 3 * 1024 * 1024;

	private static final int DOWN_BYTES = 4 * 1024 * 1024;

	@TempDir
	static Path directory;

	@BeforeAll
	static void writeCertificates() throws IOException {
		CERTIFICATES.writeServer(directory.resolve("gate.crt"), directory.resolve("gate.key"));
	}

	@Test
	void relaysLargeStreamsBothWaysByteExactWithoutSplicing() throws Exception {
		try (TestBackend backend = TestBackend.digest(DOWN_BYTES, 17)) {
			// Splicing asked for: TLS must still keep the bytes in the JVM.
			gate(backend, "rally.gate.relay.splice=true").run((context) -> {
				assertThat(context.getBean(RelayTcpServer.class).isTls()).isTrue();
				try (SSLSocket client = RelayGates.openTls(RelayGates.tcpPort(context), CERTIFICATES.clientContext(),
						backend.address())) {
					RelayGates.exchangeLargeStreams(client, UP_BYTES, 5, DOWN_BYTES, 17);
				}
				assertThat(backend.failures()).isEmpty();
				assertThat(relaysStarted(context, "copy")).isEqualTo(1);
				assertThat(relaysStarted(context, "splice")).isZero();
			});
		}
	}

	@Test
	void relaysSecureWebSocketToATcpBackend() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			gate(backend).run((context) -> {
				assertThat(context.getBean(RelayWsServer.class).isTls()).isTrue();
				WsReceiver received = new WsReceiver();
				WebSocket webSocket = HttpClient.newBuilder()
					.sslContext(CERTIFICATES.clientContext())
					.build()
					.newWebSocketBuilder()
					.connectTimeout(Duration.ofSeconds(5))
					.header("X-Rally-Backend", backend.address())
					.buildAsync(URI.create("wss://127.0.0.1:" + RelayGates.wsPort(context) + "/"), received)
					.join();
				byte[] ping = "ping over wss".getBytes(StandardCharsets.UTF_8);
				webSocket.sendBinary(ByteBuffer.wrap(ping), true).join();
				byte[] expected = new byte[RelayGates.OK.length + ping.length];
				System.arraycopy(RelayGates.OK, 0, expected, 0, RelayGates.OK.length);
				System.arraycopy(ping, 0, expected, RelayGates.OK.length, ping.length);
				await().until(() -> received.size() >= expected.length);
				assertThat(received.bytes()).isEqualTo(expected);
				webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
				assertThat(received.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
				assertThat(Meters.count(context.getBean(GateMetrics.class).registry(), GateMetrics.RELAYS_STARTED,
						"transport", "ws", "copy", "copy")).isEqualTo(1);
			});
		}
	}

	@Test
	void refusesAPlaintextClientWhileTlsClientsKeepWorking() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			gate(backend).run((context) -> {
				int port = RelayGates.tcpPort(context);
				try (SSLSocket tls = RelayGates.openTls(port, CERTIFICATES.clientContext(), backend.address());
						Socket plain = RelayGates.open(port, backend.address())) {
					assertThat(RelayGates.read(tls, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					assertThat(echo(tls, "before")).isEqualTo("before");
					assertThat(isClosedByPeer(plain)).isTrue();
					await().untilAsserted(() -> assertThat(Meters.count(
							context.getBean(GateMetrics.class).registry(), GateMetrics.CONNECTIONS_CLOSED, "transport",
							"tcp", "reason", CloseReason.TLS_HANDSHAKE.tag())).isEqualTo(1));
					assertThat(echo(tls, "after")).isEqualTo("after");
				}
				// Only the TLS client reached the backend.
				assertThat(backend.accepted()).isEqualTo(1);
			});
		}
	}

	private static ApplicationContextRunner gate(TestBackend backend, String... properties) {
		return RelayGates
			.gate("rally.gate.relay.allowed-backends=" + backend.address(), "rally.gate.tls.enabled=true",
					"rally.gate.tls.certificate=" + directory.resolve("gate.crt"),
					"rally.gate.tls.private-key=" + directory.resolve("gate.key"),
					"rally.gate.tls.handshake-timeout=5s", "rally.gate.tls.reload-interval=0")
			.withPropertyValues(properties);
	}

	private static double relaysStarted(AssertableApplicationContext context, String copy) {
		return Meters.count(context.getBean(GateMetrics.class).registry(), GateMetrics.RELAYS_STARTED, "transport",
				"tcp", "copy", copy);
	}

	private static String echo(Socket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		client.getOutputStream().write(bytes);
		client.getOutputStream().flush();
		return new String(RelayGates.read(client, bytes.length), StandardCharsets.UTF_8);
	}

	private static boolean isClosedByPeer(Socket socket) throws IOException {
		try {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[4096];
			while (in.read(buffer) >= 0) {
				// whatever the gate sent before closing (a TLS alert) is not for us
			}
			return true;
		}
		catch (SocketException ex) {
			// a reset closes it too
			return true;
		}
	}

}
