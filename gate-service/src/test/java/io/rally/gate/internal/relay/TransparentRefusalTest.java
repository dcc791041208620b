package io.rally.gate.internal.relay;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.Meters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a transparent gate refuses, and that it is never an open proxy: each refusal closes the
 * client without a success message and is counted by reason.
 */
class TransparentRefusalTest {

	@Test
	void refusesEveryoneWithoutAnAllowListOrDiscovery() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate().run((context) -> {
				assertRefused(RelayGates.open(RelayGates.tcpPort(context), backend.address()));
				assertThat(backend.accepted()).isZero();
				assertThat(RelayGates.refused(context, "not_allowed")).isEqualTo(1);
			});
		}
	}

	@Test
	void refusesABackendOutsideTheAllowList() throws Exception {
		try (TestBackend allowed = TestBackend.echo(); TestBackend other = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + allowed.address()).run((context) -> {
				assertRefused(RelayGates.open(RelayGates.tcpPort(context), other.address()));
				assertRefused(RelayGates.open(RelayGates.tcpPort(context), "localhost:" + allowed.port()));
				assertThat(other.accepted()).isZero();
				assertThat(allowed.accepted()).isZero();
				assertThat(RelayGates.refused(context, "not_allowed")).isEqualTo(2);
			});
		}
	}

	@Test
	void refusesATokenWithAWrongSignature() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address(),
					"rally.gate.relay.token.secret=" + RelayGates.SECRET)
				.run((context) -> {
					String forged = RelayGates.token(RelayGates.claims(backend.address(), now() + 60),
							"another-secret-that-is-also-32-bytes-or-more");
					assertRefused(RelayGates.open(RelayGates.tcpPort(context), forged));
					assertThat(backend.accepted()).isZero();
					assertThat(RelayGates.refused(context, "bad_token")).isEqualTo(1);
				});
		}
	}

	@Test
	void refusesAnExpiredToken() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address(),
					"rally.gate.relay.token.secret=" + RelayGates.SECRET)
				.run((context) -> {
					String expired = RelayGates.token(RelayGates.claims(backend.address(), now() - 3600),
							RelayGates.SECRET);
					assertRefused(RelayGates.open(RelayGates.tcpPort(context), expired));
					assertThat(RelayGates.refused(context, "expired_token")).isEqualTo(1);
				});
		}
	}

	@Test
	void refusesAGoodTokenForABackendOutsideTheAllowList() throws Exception {
		try (TestBackend allowed = TestBackend.echo(); TestBackend other = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + allowed.address(),
					"rally.gate.relay.token.secret=" + RelayGates.SECRET)
				.run((context) -> {
					String token = RelayGates.token(RelayGates.claims(other.address(), now() + 60), RelayGates.SECRET);
					assertRefused(RelayGates.open(RelayGates.tcpPort(context), token));
					assertThat(other.accepted()).isZero();
					assertThat(RelayGates.refused(context, "not_allowed")).isEqualTo(1);
				});
		}
	}

	@Test
	void refusesAPlainAddressWhenATokenIsRequired() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address(),
					"rally.gate.relay.token.secret=" + RelayGates.SECRET, "rally.gate.relay.token-required=true")
				.run((context) -> {
					assertRefused(RelayGates.open(RelayGates.tcpPort(context), backend.address()));
					assertThat(RelayGates.refused(context, "token_required")).isEqualTo(1);
				});
		}
	}

	@Test
	void closesASilentClientAfterTheHandshakeTimeout() throws Exception {
		RelayGates.gate("rally.gate.relay.allowed-backends=127.0.0.1:*", "rally.gate.relay.handshake-timeout=200ms")
			.run((context) -> {
				try (Socket client = new Socket("127.0.0.1", RelayGates.tcpPort(context))) {
					client.setSoTimeout(10_000);
					assertThat(client.getInputStream().read()).isEqualTo(-1);
				}
				assertThat(RelayGates.refused(context, "handshake_timeout")).isEqualTo(1);
			});
	}

	@Test
	void closesAClientWhoseFirstPacketIsTooLargeBeforeReadingIt() throws Exception {
		RelayGates.gate("rally.gate.relay.allowed-backends=127.0.0.1:*", "rally.gate.relay.max-first-packet=64B")
			.run((context) -> {
				try (Socket client = new Socket("127.0.0.1", RelayGates.tcpPort(context))) {
					client.setSoTimeout(10_000);
					DataOutputStream out = new DataOutputStream(client.getOutputStream());
					out.writeInt(65);
					out.flush();
					assertThat(readToEnd(client.getInputStream())).isZero();
				}
				assertThat(RelayGates.refused(context, "oversized")).isEqualTo(1);
			});
	}

	@Test
	void refusesCleanlyWhenTheBackendCannotBeReached() throws Exception {
		int closedPort;
		try (ServerSocket probe = new ServerSocket(0)) {
			closedPort = probe.getLocalPort();
		}
		RelayGates.gate("rally.gate.relay.allowed-backends=127.0.0.1:" + closedPort, "rally.gate.relay.dial.retries=2")
			.run((context) -> {
				assertRefused(RelayGates.open(RelayGates.tcpPort(context), "127.0.0.1:" + closedPort));
				assertThat(RelayGates.refused(context, "dial_failed")).isEqualTo(1);
				await().untilAsserted(() -> assertThat(Meters.gauge(context.getBean(GateMetrics.class).registry(),
						GateMetrics.CONNECTIONS, "transport", "tcp")).isZero());
			});
	}

	@Test
	void refusesAMalformedRequest() throws Exception {
		RelayGates.gate("rally.gate.relay.allowed-backends=127.0.0.1:*").run((context) -> {
			assertRefused(RelayGates.open(RelayGates.tcpPort(context), "127.0.0.1:notaport"));
			assertThat(RelayGates.refused(context, "malformed")).isEqualTo(1);
		});
	}

	private static void assertRefused(Socket client) throws IOException {
		try (client) {
			assertThat(readToEnd(client.getInputStream())).as("bytes before the gate closed").isZero();
		}
	}

	/** Reads until the end of the stream; a reset counts as the end. */
	private static int readToEnd(InputStream in) throws IOException {
		int count = 0;
		try {
			while (in.read() >= 0) {
				count++;
			}
		}
		catch (SocketException ex) {
			// closed with unread input: a reset
		}
		return count;
	}

	private static long now() {
		return System.currentTimeMillis() / 1000;
	}

}
