package io.rally.standalone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.gate.api.GateServer;
import io.rally.protocol.Packet;
import io.rally.examples.basics.LoginController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;

/**
 * Opens real clients against the gate of a running standalone context and closes them all at
 * the end of a test.
 */
final class GateClients implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final ApplicationContext context;

	private final List<RallyClient> opened = new ArrayList<>();

	GateClients(ApplicationContext context) {
		this.context = context;
	}

	int port(String transport) {
		return port(this.context, transport);
	}

	/** The port the context's gate server of {@code transport} ({@code tcp}, {@code ws}, {@code kcp}) is bound to. */
	static int port(ApplicationContext context, String transport) {
		return context.getBeansOfType(GateServer.class)
			.values()
			.stream()
			.filter((server) -> server.transport().equals(transport))
			.findFirst()
			.orElseThrow()
			.port();
	}

	/** The client's heartbeat must keep pace with what the gate under test expects. */
	private Duration heartbeatInterval() {
		Duration gate = this.context.getEnvironment()
			.getProperty("rally.gate.heartbeat.interval", Duration.class, Duration.ofSeconds(10));
		return gate.isZero() ? gate : gate.dividedBy(2);
	}

	RallyClient connect(ClientTransport transport) {
		return connect(transport, false);
	}

	RallyClient connect(ClientTransport transport, boolean errorPackets) {
		RallyClient client = RallyClient.builder()
			.transport(transport)
			.host("127.0.0.1")
			.port(port(switch (transport) {
				case TCP -> "tcp";
				case WEBSOCKET -> "ws";
				case KCP -> "kcp";
			}))
			.heartbeatInterval(heartbeatInterval())
			.requestTimeout(Duration.ofSeconds(10))
			.errorPackets(errorPackets)
			.build();
		this.opened.add(client);
		client.connect().orTimeout(10, TimeUnit.SECONDS).join();
		return client;
	}

	RallyClient login(ClientTransport transport, long userId) {
		RallyClient client = connect(transport);
		login(client, userId);
		return client;
	}

	static void login(RallyClient client, long userId) {
		JsonNode reply = call(client, LoginController.LOGIN, "{\"userId\":" + userId + "}");
		if (reply.get("userId").asLong() != userId) {
			throw new IllegalStateException("login answered " + reply);
		}
	}

	static JsonNode call(RallyClient client, int route, String json) {
		Packet reply = client.request(route, json.getBytes(StandardCharsets.UTF_8))
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
		return json(reply);
	}

	static JsonNode json(Packet packet) {
		return JSON.readTree(new String(packet.payload(), StandardCharsets.UTF_8));
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.opened.forEach(RallyClient::close);
		this.opened.clear();
	}

}
