package io.rally.gate;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.gate.internal.tcp.TcpGateServer;
import io.rally.gate.internal.ws.WsGateServer;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.gate.support.WsTestClient;
import io.rally.protocol.Frame;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A gate that stops says goodbye: it stops accepting, tells the clients (a 503 error packet to
 * those that opted in, a close frame 1001 to WebSocket clients), closes every connection,
 * leaves the registry, and its nodes still hear of every disconnect.
 */
class GateShutdownTest {

	private static final String NOTICE = "{\"code\":503,\"message\":\"gate shutting down\"}";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(GateTestConfiguration.class)
		.withPropertyValues("rally.gate.id=gate-stopping", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.shutdown-timeout=5s");

	@Test
	void tellsTheClientsClosesTheirConnectionsAndLeavesTheRegistry() {
		this.runner.run((context) -> {
			int tcpPort = context.getBean(TcpGateServer.class).port();
			int wsPort = context.getBean(WsGateServer.class).port();
			InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
			MeterRegistry meters = context.getBean(GateMetrics.class).registry();
			TestNode node = context.getBean(TestNode.class);
			try (TcpTestClient plain = TcpTestClient.connect(tcpPort);
					TcpTestClient optedIn = TcpTestClient.connect(tcpPort);
					WsTestClient ws = WsTestClient.connect(wsPort)) {
				assertThat(TcpTestClient.text(plain.request(TestNode.ECHO, 1, "hi"))).isEqualTo("hi");
				optedIn.send(new Packet(999, 1, new byte[0], Packet.EXT_ERROR));
				assertThat(optedIn.readPacket().isError()).isTrue();
				ws.send(new Packet(999, 1, new byte[0], Packet.EXT_ERROR));
				assertThat(((Packet) ws.read()).isError()).isTrue();
				await().until(() -> context.getBean(SessionManager.class).connectionCount() == 3);

				context.close();

				assertThat(optedIn.readPacket()).satisfies(this::isShutdownNotice);
				assertThat(optedIn.isClosedByPeer()).isTrue();
				// Nothing for a client that did not opt in: the stream just ends.
				assertThatExceptionOfType(EOFException.class).isThrownBy(plain::read);
				Frame last = ws.read();
				assertThat(last).isInstanceOfSatisfying(Packet.class, this::isShutdownNotice);
				assertThat(ws.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1001);
				assertThat(ws.closeReason().get(5, TimeUnit.SECONDS)).isEqualTo("gate shutting down");
			}
			assertThat(Meters.count(meters, GateMetrics.CONNECTIONS_CLOSED, "reason", "shutdown")).isEqualTo(3);
			assertThat(registry.instances(InstanceKind.GATE)).isEmpty();
			assertThat(node.events()).filteredOn((event) -> event.type() == SessionEvent.Type.DISCONNECT).hasSize(3);
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(tcpPort));
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(wsPort));
		});
	}

	private void isShutdownNotice(Packet packet) {
		assertThat(packet.route()).isZero();
		assertThat(packet.seq()).isZero();
		assertThat(packet.isError()).isTrue();
		assertThat(new String(packet.payload(), StandardCharsets.UTF_8)).isEqualTo(NOTICE);
	}

	private static void connect(int port) throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		}
	}

}
