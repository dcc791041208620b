package io.rally.standalone;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.examples.basics.AnnouncementController;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user on KCP reaches and is reached by users on every transport through the example
 * controllers: the gate treats a KCP conversation like any other connection.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0", "rally.gate.kcp.enabled=true",
		"rally.gate.kcp.port=0" })
class KcpMessagingTests {

	@Autowired
	ApplicationContext context;

	GateClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new GateClients(this.context);
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@ParameterizedTest
	@EnumSource(ClientTransport.class)
	void aKcpUserWhispersToAUserOnEachTransportAndBack(ClientTransport other) throws InterruptedException {
		long kcpUser = 501 + other.ordinal() * 10;
		long otherUser = kcpUser + 1;
		RallyClient alice = this.clients.login(ClientTransport.KCP, kcpUser);
		RallyClient bob = this.clients.login(other, otherUser);
		BlockingQueue<Packet> aliceInbox = inbox(alice);
		BlockingQueue<Packet> bobInbox = inbox(bob);

		GateClients.call(alice, AnnouncementController.WHISPER, "{\"to\":" + otherUser + ",\"text\":\"over kcp\"}");
		JsonNode toBob = GateClients.json(bobInbox.poll(10, TimeUnit.SECONDS));
		assertThat(toBob.get("from").asLong()).isEqualTo(kcpUser);
		assertThat(toBob.get("text").asString()).isEqualTo("over kcp");

		GateClients.call(bob, AnnouncementController.WHISPER, "{\"to\":" + kcpUser + ",\"text\":\"back to kcp\"}");
		JsonNode toAlice = GateClients.json(aliceInbox.poll(10, TimeUnit.SECONDS));
		assertThat(toAlice.get("from").asLong()).isEqualTo(otherUser);
		assertThat(toAlice.get("text").asString()).isEqualTo("back to kcp");
	}

	private static BlockingQueue<Packet> inbox(RallyClient client) {
		BlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
		client.onPush(AnnouncementController.WHISPERED, inbox::add);
		return inbox;
	}

}
