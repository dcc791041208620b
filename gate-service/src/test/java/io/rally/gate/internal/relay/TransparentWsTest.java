package io.rally.gate.internal.relay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket clients relayed to real TCP backends: binary frames to a byte stream and back.
 */
class TransparentWsTest {

	private static final int UP_BYTES = 4 * 1024 * 1024;

	private static final int DOWN_BYTES = 5 * 1024 * 1024;

	private static final int FRAME_BYTES = 32 * 1024;

	@Test
	void relaysLargeStreamsBothWaysByteExact() throws Exception {
		try (TestBackend backend = TestBackend.digest(DOWN_BYTES, 99)) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				WsReceiver received = new WsReceiver();
				WebSocket webSocket = connect(RelayGates.wsPort(context), backend.address(), received);
				byte[] up = new byte[UP_BYTES];
				new Random(11).nextBytes(up);
				ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(0, up.length);
				webSocket.sendBinary(length, true).join();
				for (int offset = 0; offset < up.length; offset += FRAME_BYTES) {
					webSocket.sendBinary(ByteBuffer.wrap(up, offset, Math.min(FRAME_BYTES, up.length - offset)), true)
						.join();
				}
				// The backend closes after its digest; the gate closes the WebSocket after it.
				assertThat(received.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
				byte[] bytes = received.bytes();
				int ok = RelayGates.OK.length;
				assertThat(bytes).hasSize(ok + DOWN_BYTES + 32);
				assertThat(Arrays.copyOfRange(bytes, 0, ok)).isEqualTo(RelayGates.OK);
				MessageDigest down = TestBackend.sha256();
				down.update(bytes, ok, DOWN_BYTES);
				assertThat(down.digest()).isEqualTo(TestBackend.sha256().digest(TestBackend.noise(DOWN_BYTES, 99)));
				assertThat(Arrays.copyOfRange(bytes, ok + DOWN_BYTES, bytes.length))
					.isEqualTo(TestBackend.sha256().digest(up));
				assertThat(received.textFrames).isZero();
				assertThat(backend.failures()).isEmpty();
			});
		}
	}

	@Test
	void closesTheBackendWhenTheClientCloses() throws Exception {
		try (TestBackend backend = TestBackend.hold()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				WsReceiver received = new WsReceiver();
				WebSocket webSocket = connect(RelayGates.wsPort(context), backend.address(), received);
				received.awaitBytes(RelayGates.OK.length);
				webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
				assertThat(backend.ended().await(10, TimeUnit.SECONDS)).isTrue();
			});
		}
	}

	@Test
	void closesOnATextFrame() throws Exception {
		try (TestBackend backend = TestBackend.hold()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				WsReceiver received = new WsReceiver();
				WebSocket webSocket = connect(RelayGates.wsPort(context), backend.address(), received);
				received.awaitBytes(RelayGates.OK.length);
				webSocket.sendText("not a byte stream", true).join();
				assertThat(received.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1003);
				assertThat(backend.ended().await(10, TimeUnit.SECONDS)).isTrue();
			});
		}
	}

	@Test
	void refusesAnUpgradeWithoutTheBackendHeader() throws Exception {
		RelayGates.gate("rally.gate.relay.allowed-backends=127.0.0.1:*").run((context) -> {
			WsReceiver received = new WsReceiver();
			HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + RelayGates.wsPort(context) + "/"), received)
				.join();
			assertThat(received.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
			assertThat(RelayGates.refused(context, "malformed")).isEqualTo(1);
		});
	}

	@Test
	void answersOtherPathsWithNotFound() throws Exception {
		RelayGates.gate("rally.gate.relay.allowed-backends=127.0.0.1:*", "rally.gate.ws.path=/relay").run((context) -> {
			HttpResponse<String> response = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.build()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RelayGates.wsPort(context) + "/other"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(404);
		});
	}

	@Test
	void refusesABackendOutsideTheAllowList() throws Exception {
		try (TestBackend allowed = TestBackend.echo(); TestBackend other = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + allowed.address()).run((context) -> {
				WsReceiver received = new WsReceiver();
				connect(RelayGates.wsPort(context), other.address(), received);
				assertThat(received.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
				assertThat(received.size()).isZero();
				assertThat(other.accepted()).isZero();
				assertThat(RelayGates.refused(context, "not_allowed")).isEqualTo(1);
			});
		}
	}

	private static WebSocket connect(int port, String backend, WsReceiver received) {
		return HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.header("X-Rally-Backend", backend)
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), received)
			.join();
	}

}
