package io.rally.gate;

import java.nio.charset.StandardCharsets;

import io.rally.gate.support.WsTestClient;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests and heartbeats over WebSocket, one packet per binary frame.
 */
class WsGateTest extends GateIntegrationTest {

	@Test
	void echoesARequest() throws Exception {
		try (WsTestClient client = WsTestClient.connect(wsPort())) {
			Packet reply = client.request(TestNode.ECHO, 7, "{\"name\":\"ada\"}");
			assertThat(reply.route()).isEqualTo(TestNode.ECHO);
			assertThat(reply.seq()).isEqualTo(7);
			assertThat(text(reply)).isEqualTo("{\"name\":\"ada\"}");
		}
	}

	@Test
	void answersHeartbeats() throws Exception {
		try (WsTestClient client = WsTestClient.connect(wsPort())) {
			client.send(Heartbeat.plain());
			assertThat(client.read()).isEqualTo(Heartbeat.plain());
		}
	}

	@Test
	void logsInAndUsesStatefulRoutes() throws Exception {
		try (WsTestClient client = WsTestClient.connect(wsPort())) {
			assertThat(text(client.request(TestNode.LOGIN, 1, "777001"))).isEqualTo("ok");
			assertThat(text(client.request(TestNode.STATEFUL_ECHO, 2, "ws"))).isEqualTo("777001:ws");
			assertThat(this.sessions.isOnline(777001).join()).isTrue();
		}
	}

	@Test
	void unknownRouteAnswersOptedInClient() throws Exception {
		try (WsTestClient client = WsTestClient.connect(wsPort())) {
			client.send(new Packet(31000, 4, "?".getBytes(StandardCharsets.UTF_8), Packet.EXT_ERROR));
			Packet error = (Packet) client.read();
			assertThat(error.isError()).isTrue();
			assertThat(error.seq()).isEqualTo(4);
			assertThat(text(error)).contains("\"code\":404");
		}
	}

}
