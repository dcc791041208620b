package io.rally.gate.relay;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.rally.gate.internal.relay.RelayTcpServer;
import io.rally.gate.internal.relay.RelayWsServer;
import io.rally.gate.metrics.GateMetrics;
import io.rally.gate.session.CloseReason;
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
					assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					byte[] up = new byte[UP_BYTES];
					new Random(5).nextBytes(up);
					CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> send(client, up));
					InputStream in = client.getInputStream();
					MessageDigest down = TestBackend.sha256();
					byte[] buffer = new byte[65536];
					int left = DOWN_BYTES;
					while (left > 0) {
						int read = in.read(buffer, 0, Math.min(buffer.length, left));
						assertThat(read).as("bytes before the end").isPositive();
						down.update(buffer, 0, read);
						left -= read;
					}
					assertThat(down.digest()).isEqualTo(TestBackend.sha256().digest(TestBackend.noise(DOWN_BYTES, 17)));
					assertThat(RelayGates.read(client, 32)).as("the backend's digest of what the client sent")
						.isEqualTo(TestBackend.sha256().digest(up));
					sent.get(10, TimeUnit.SECONDS);
					// The backend closed after its digest; the gate ends the TLS stream after it.
					assertThat(in.read()).isEqualTo(-1);
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
				Received received = new Received();
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
							"tcp", "reason", CloseReason.TLS_HANDSHAKE)).isEqualTo(1));
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

	private static void send(Socket client, byte[] up) {
		try {
			DataOutputStream out = new DataOutputStream(client.getOutputStream());
			out.writeLong(up.length);
			for (int offset = 0; offset < up.length; offset += 10_007) {
				out.write(up, offset, Math.min(10_007, up.length - offset));
			}
			out.flush();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Everything the gate sent as one byte stream, and the close code. */
	private static final class Received implements WebSocket.Listener {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		final CompletableFuture<Integer> closed = new CompletableFuture<>();

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] chunk = new byte[data.remaining()];
			data.get(chunk);
			synchronized (this.bytes) {
				this.bytes.writeBytes(chunk);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(-1);
		}

		int size() {
			synchronized (this.bytes) {
				return this.bytes.size();
			}
		}

		byte[] bytes() {
			synchronized (this.bytes) {
				return this.bytes.toByteArray();
			}
		}

	}

}
