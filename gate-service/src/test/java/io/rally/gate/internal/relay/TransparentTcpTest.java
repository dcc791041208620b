package io.rally.gate.internal.relay;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.channel.epoll.Epoll;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.api.relay.BackendLatencyListener;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.Meters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TCP clients relayed to real TCP backends: byte-exact both ways, half-close, close, and the
 * dial time reported per backend.
 */
class TransparentTcpTest {

	private static final int UP_BYTES = 6 * 1024 * 1024;

	private static final int DOWN_BYTES = 5 * 1024 * 1024;

	@ParameterizedTest(name = "splice={0}")
	@ValueSource(booleans = { false, true })
	void relaysLargeStreamsBothWaysByteExact(boolean splice) throws Exception {
		try (TestBackend backend = TestBackend.digest(DOWN_BYTES, 42)) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address(), "rally.gate.relay.splice=" + splice)
				.run((context) -> {
					try (Socket client = RelayGates.open(RelayGates.tcpPort(context), backend.address())) {
						RelayGates.exchangeLargeStreams(client, UP_BYTES, 7, DOWN_BYTES, 42);
					}
					assertThat(backend.failures()).isEmpty();
					String copy = (splice && Epoll.isAvailable()) ? "splice" : "copy";
					assertThat(Meters.count(context.getBean(GateMetrics.class).registry(), GateMetrics.RELAYS_STARTED,
							"transport", "tcp", "copy", copy)).isEqualTo(1);
				});
		}
	}

	@ParameterizedTest(name = "splice={0}")
	@ValueSource(booleans = { true, false })
	void passesAHalfCloseOnAndStillDeliversTheAnswer(boolean splice) throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address(), "rally.gate.relay.splice=" + splice)
				.run((context) -> {
					try (Socket client = RelayGates.open(RelayGates.tcpPort(context), backend.address())) {
						byte[] up = new byte[1024 * 1024];
						new Random(3).nextBytes(up);
						CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
							try {
								client.getOutputStream().write(up);
								client.shutdownOutput();
							}
							catch (IOException ex) {
								throw new IllegalStateException(ex);
							}
						});
						assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
						assertThat(RelayGates.read(client, up.length)).isEqualTo(up);
						sent.get(10, TimeUnit.SECONDS);
						assertThat(client.getInputStream().read()).isEqualTo(-1);
					}
				});
		}
	}

	@Test
	void sendsWhatFollowsTheFirstPacketInTheSameWrite() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				try (Socket client = new Socket("127.0.0.1", RelayGates.tcpPort(context))) {
					client.setSoTimeout(10_000);
					byte[] request = backend.address().getBytes();
					DataOutputStream out = new DataOutputStream(client.getOutputStream());
					out.writeInt(request.length);
					out.write(request);
					out.write("early bytes".getBytes());
					out.flush();
					assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					assertThat(new String(RelayGates.read(client, 11))).isEqualTo("early bytes");
				}
			});
		}
	}

	@Test
	void closesTheBackendWhenTheClientCloses() throws Exception {
		try (TestBackend backend = TestBackend.hold()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				Socket client = RelayGates.open(RelayGates.tcpPort(context), backend.address());
				assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
				client.close();
				assertThat(backend.ended().await(10, TimeUnit.SECONDS)).isTrue();
			});
		}
	}

	@Test
	void closesTheClientWhenTheBackendCloses() throws Exception {
		try (TestBackend backend = TestBackend.hold()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				try (Socket client = RelayGates.open(RelayGates.tcpPort(context), backend.address())) {
					assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					await().until(() -> backend.accepted() == 1);
					backend.closeConnections();
					assertThat(client.getInputStream().read()).isEqualTo(-1);
				}
				await().untilAsserted(() -> assertThat(Meters.gauge(context.getBean(GateMetrics.class).registry(),
						GateMetrics.CONNECTIONS, "transport", "tcp")).isZero());
			});
		}
	}

	@Test
	void closesBothSidesWhenTheGateStops() throws Exception {
		try (TestBackend backend = TestBackend.hold()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				try (Socket client = RelayGates.open(RelayGates.tcpPort(context), backend.address())) {
					assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					context.close();
					assertThat(client.getInputStream().read()).isEqualTo(-1);
					assertThat(backend.ended().await(10, TimeUnit.SECONDS)).isTrue();
				}
			});
		}
	}

	@Test
	void reportsEachBackendsDialTime() throws Exception {
		List<String> dialled = new CopyOnWriteArrayList<>();
		BackendLatencyListener listener = new BackendLatencyListener() {

			@Override
			public void connected(Backend backend, Duration connectTime) {
				assertThat(connectTime).isPositive();
				dialled.add(backend.address());
			}

		};
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address())
				.withBean(BackendLatencyListener.class, () -> listener)
				.run((context) -> {
					try (Socket client = RelayGates.open(RelayGates.tcpPort(context), backend.address())) {
						assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					}
					assertThat(dialled).containsExactly(backend.address());
				});
		}
	}

	@Test
	void dialsABackendNamedByHostName() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=localhost:" + backend.port()).run((context) -> {
				try (Socket client = RelayGates.open(RelayGates.tcpPort(context), "localhost:" + backend.port())) {
					assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					client.getOutputStream().write("by name".getBytes());
					assertThat(new String(RelayGates.read(client, 7))).isEqualTo("by name");
				}
			});
		}
	}

	@Test
	void acceptsAGoodToken() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			RelayGates.gate("rally.gate.relay.allowed-backends=" + backend.address(),
					"rally.gate.relay.token.secret=" + RelayGates.SECRET, "rally.gate.relay.token-required=true")
				.run((context) -> {
					String token = RelayGates.token(
							RelayGates.claims(backend.address(), System.currentTimeMillis() / 1000 + 60),
							RelayGates.SECRET);
					try (Socket client = RelayGates.open(RelayGates.tcpPort(context), token)) {
						assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
						client.getOutputStream().write("ping".getBytes());
						assertThat(new String(RelayGates.read(client, 4))).isEqualTo("ping");
					}
				});
		}
	}

}
