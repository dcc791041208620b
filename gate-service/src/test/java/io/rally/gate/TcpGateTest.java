package io.rally.gate;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import io.rally.cluster.SessionEvent;
import io.rally.gate.api.GateServer;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Requests, sessions and dispatch over TCP against a real gate and a real node.
 */
class TcpGateTest extends GateIntegrationTest {

	private static final AtomicLong USER_IDS = new AtomicLong(1000);

	@Test
	void bothTransportsAreBeansBoundToRealPorts() {
		assertThat(this.context.getBeansOfType(GateServer.class).values()).extracting(GateServer::transport)
			.containsExactlyInAnyOrder("tcp", "ws");
		assertThat(this.context.getBeansOfType(GateServer.class).values()).allSatisfy((server) -> {
			assertThat(server.isRunning()).isTrue();
			assertThat(server.port()).isPositive();
		});
	}

	@Test
	void echoesARequestOnItsRouteAndSeq() throws Exception {
		double received = count(GateMetrics.MESSAGES_RECEIVED);
		double sent = count(GateMetrics.MESSAGES_SENT);
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			Packet reply = client.request(TestNode.ECHO, 7, "{\"name\":\"ada\"}");
			assertThat(reply.route()).isEqualTo(TestNode.ECHO);
			assertThat(reply.seq()).isEqualTo(7);
			assertThat(text(reply)).isEqualTo("{\"name\":\"ada\"}");
			assertThat(reply.extcode()).isZero();
		}
		// the sent counter moves when the write completes, which may be after the client read it
		await().untilAsserted(() -> {
			assertThat(count(GateMetrics.MESSAGES_RECEIVED)).isGreaterThanOrEqualTo(received + 1);
			assertThat(count(GateMetrics.MESSAGES_SENT)).isGreaterThanOrEqualTo(sent + 1);
		});
	}

	@Test
	void keepsTheOrderOfOneConnectionsPackets() throws Exception {
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			for (int seq = 1; seq <= 200; seq++) {
				client.send(new Packet(TestNode.ECHO, seq, Integer.toString(seq).getBytes(StandardCharsets.UTF_8)));
			}
			for (int seq = 1; seq <= 200; seq++) {
				Packet reply = client.readPacket();
				assertThat(reply.seq()).isEqualTo(seq);
				assertThat(text(reply)).isEqualTo(Integer.toString(seq));
			}
		}
	}

	@Test
	void answersEachClientHeartbeat() throws Exception {
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.send(Heartbeat.plain());
			assertThat(client.read()).isEqualTo(Heartbeat.plain());
			client.send(Heartbeat.plain());
			assertThat(client.read()).isEqualTo(Heartbeat.plain());
		}
	}

	@Test
	void passesTheConnectionIdentityToTheNode() throws Exception {
		long userId = USER_IDS.incrementAndGet();
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.login(userId);
			assertThat(text(client.request(TestNode.STATEFUL_ECHO, 3, "hi"))).isEqualTo(userId + ":hi");
		}
		assertThat(this.node.messages()).anySatisfy((message) -> {
			assertThat(message.route()).isEqualTo(TestNode.STATEFUL_ECHO);
			assertThat(message.userId()).isEqualTo(userId);
			assertThat(message.gateId()).isEqualTo("gate-main");
			assertThat(message.clientIp()).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void authorizedRoutesNeedABoundUser() throws Exception {
		double before = count(GateMetrics.MESSAGES_DROPPED, "reason", "unauthorized");
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.send(new Packet(TestNode.SECURE_ECHO, 1, "x".getBytes(StandardCharsets.UTF_8), Packet.EXT_ERROR));
			Packet error = client.readPacket();
			assertThat(error.isError()).isTrue();
			assertThat(error.seq()).isEqualTo(1);
			assertThat(text(error)).isEqualTo("{\"code\":401,\"message\":\"not authorized\"}");
			client.login(USER_IDS.incrementAndGet());
			assertThat(text(client.request(TestNode.SECURE_ECHO, 2, "y"))).isEqualTo("y");
		}
		assertThat(count(GateMetrics.MESSAGES_DROPPED, "reason", "unauthorized")).isEqualTo(before + 1);
	}

	@Test
	void unknownRouteAnswersAnOptedInClientWith404() throws Exception {
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.send(new Packet(999, 42, new byte[0], Packet.EXT_ERROR));
			Packet error = client.readPacket();
			assertThat(error.route()).isEqualTo(999);
			assertThat(error.seq()).isEqualTo(42);
			assertThat(error.extcode()).isEqualTo(Packet.EXT_ERROR);
			assertThat(text(error)).isEqualTo("{\"code\":404,\"message\":\"route not found\"}");
			// The opt-in sticks to the connection, and internal routes are as unknown to clients.
			assertThat(text(client.request(TestNode.INTERNAL, 43, ""))).contains("404");
		}
	}

	@Test
	void unknownRouteIsDroppedAndCountedForOtherClients() throws Exception {
		double before = count(GateMetrics.MESSAGES_DROPPED, "reason", "unknown_route");
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.send(new Packet(999, 1, new byte[0]));
			client.send(new Packet(TestNode.INTERNAL, 2, new byte[0]));
			// The next thing the client gets is the echo: nothing was sent for the two above.
			Packet reply = client.request(TestNode.ECHO, 3, "still here");
			assertThat(reply.seq()).isEqualTo(3);
			assertThat(text(reply)).isEqualTo("still here");
		}
		assertThat(count(GateMetrics.MESSAGES_DROPPED, "reason", "unknown_route")).isEqualTo(before + 2);
	}

	@Test
	void errorPacketsFromNodesReachOnlyOptedInClients() throws Exception {
		try (TcpTestClient plain = TcpTestClient.connect(tcpPort());
				TcpTestClient optedIn = TcpTestClient.connect(tcpPort())) {
			long plainUser = USER_IDS.incrementAndGet();
			long optedInUser = USER_IDS.incrementAndGet();
			plain.login(plainUser);
			optedIn.login(optedInUser);
			optedIn.send(new Packet(TestNode.ECHO, 1, new byte[0], Packet.EXT_ERROR));
			optedIn.readPacket();
			double before = count(GateMetrics.MESSAGES_DROPPED, "reason", "error_not_wanted");
			Packet error = new Packet(TestNode.ECHO, 9, "{\"code\":500,\"message\":\"boom\"}".getBytes(StandardCharsets.UTF_8),
					Packet.EXT_ERROR);
			assertThat(this.sessions.pushToUser(plainUser, error).join()).isFalse();
			assertThat(this.sessions.pushToUser(optedInUser, error).join()).isTrue();
			assertThat(optedIn.readPacket()).isEqualTo(error);
			assertThat(count(GateMetrics.MESSAGES_DROPPED, "reason", "error_not_wanted")).isEqualTo(before + 1);
			assertThat(plain.request(TestNode.ECHO, 10, "next").seq()).isEqualTo(10);
		}
	}

	@Test
	void bindingAUserAgainClosesItsFirstConnection() throws Exception {
		long userId = USER_IDS.incrementAndGet();
		double before = count(GateMetrics.CONNECTIONS_CLOSED, "reason", "duplicate_login");
		try (TcpTestClient first = TcpTestClient.connect(tcpPort());
				TcpTestClient second = TcpTestClient.connect(tcpPort())) {
			first.login(userId);
			second.login(userId);
			assertThat(first.isClosedByPeer()).isTrue();
			assertThat(text(second.request(TestNode.SECURE_ECHO, 5, "mine"))).isEqualTo("mine");
			assertThat(this.sessions.isOnline(userId).join()).isTrue();
		}
		await().until(() -> count(GateMetrics.CONNECTIONS_CLOSED, "reason", "duplicate_login") == before + 1);
		assertThat(this.node.events()).anySatisfy((event) -> {
			assertThat(event.type()).isEqualTo(SessionEvent.Type.RECONNECT);
			assertThat(event.userId()).isEqualTo(userId);
		});
		await().until(() -> !this.sessions.isOnline(userId).join());
	}

	@Test
	void tellsNodesAboutConnectsAndDisconnects() throws Exception {
		long userId = USER_IDS.incrementAndGet();
		long connectionId;
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.login(userId);
			connectionId = this.node.messages()
				.stream()
				.filter((message) -> message.route() == TestNode.LOGIN
						&& new String(message.payload(), StandardCharsets.UTF_8).equals(Long.toString(userId)))
				.findFirst()
				.orElseThrow()
				.connectionId();
		}
		await().untilAsserted(() -> assertThat(this.node.events())
			.filteredOn((event) -> event.connectionId() == connectionId)
			.extracting(SessionEvent::type, SessionEvent::userId)
			.containsExactly(tuple(SessionEvent.Type.CONNECT, 0L),
					tuple(SessionEvent.Type.DISCONNECT, userId)));
		assertThat(this.sessions.isOnline(userId).join()).isFalse();
	}

	@Test
	void kickClosesTheUsersConnection() throws Exception {
		long userId = USER_IDS.incrementAndGet();
		double before = count(GateMetrics.CONNECTIONS_CLOSED, "reason", "kicked");
		try (TcpTestClient client = TcpTestClient.connect(tcpPort())) {
			client.login(userId);
			assertThat(this.sessions.disconnectUser(userId, "test kick").join()).isTrue();
			assertThat(client.isClosedByPeer()).isTrue();
		}
		await().until(() -> count(GateMetrics.CONNECTIONS_CLOSED, "reason", "kicked") == before + 1);
	}

}
