package io.rally.standalone;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.protocol.Packet;
import io.rally.examples.basics.AnnouncementController;
import io.rally.examples.basics.ChatRoomController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Users reaching users through the example controllers: login, private push (also between KCP
 * and every transport: the gate treats a KCP conversation like any other connection), a chat
 * room's multicast, a broadcast, and one connection per user.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0", "rally.gate.kcp.enabled=true",
		"rally.gate.kcp.port=0" })
class MessagingTests {

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

	@Test
	void pushReachesAnotherUserOnAnotherTransport() throws InterruptedException {
		RallyClient alice = this.clients.login(ClientTransport.TCP, 101);
		RallyClient bob = this.clients.login(ClientTransport.WEBSOCKET, 102);
		BlockingQueue<Packet> bobInbox = inbox(bob, AnnouncementController.WHISPERED);

		JsonNode delivered = GateClients.call(alice, AnnouncementController.WHISPER, "{\"to\":102,\"text\":\"hi bob\"}");

		assertThat(delivered.get("users").asInt()).isEqualTo(1);
		JsonNode message = GateClients.json(bobInbox.poll(10, TimeUnit.SECONDS));
		assertThat(message.get("from").asLong()).isEqualTo(101);
		assertThat(message.get("text").asString()).isEqualTo("hi bob");
	}

	@ParameterizedTest
	@EnumSource(ClientTransport.class)
	void aKcpUserWhispersToAUserOnEachTransportAndBack(ClientTransport other) throws InterruptedException {
		long kcpUser = 501 + other.ordinal() * 10;
		long otherUser = kcpUser + 1;
		RallyClient alice = this.clients.login(ClientTransport.KCP, kcpUser);
		RallyClient bob = this.clients.login(other, otherUser);
		BlockingQueue<Packet> aliceInbox = inbox(alice, AnnouncementController.WHISPERED);
		BlockingQueue<Packet> bobInbox = inbox(bob, AnnouncementController.WHISPERED);

		GateClients.call(alice, AnnouncementController.WHISPER, "{\"to\":" + otherUser + ",\"text\":\"over kcp\"}");
		JsonNode toBob = GateClients.json(bobInbox.poll(10, TimeUnit.SECONDS));
		assertThat(toBob.get("from").asLong()).isEqualTo(kcpUser);
		assertThat(toBob.get("text").asString()).isEqualTo("over kcp");

		GateClients.call(bob, AnnouncementController.WHISPER, "{\"to\":" + kcpUser + ",\"text\":\"back to kcp\"}");
		JsonNode toAlice = GateClients.json(aliceInbox.poll(10, TimeUnit.SECONDS));
		assertThat(toAlice.get("from").asLong()).isEqualTo(otherUser);
		assertThat(toAlice.get("text").asString()).isEqualTo("back to kcp");
	}

	@Test
	void roomMulticastReachesExactlyItsMembers() throws InterruptedException {
		RallyClient alice = this.clients.login(ClientTransport.TCP, 201);
		RallyClient bob = this.clients.login(ClientTransport.WEBSOCKET, 202);
		RallyClient carol = this.clients.login(ClientTransport.TCP, 203);
		BlockingQueue<Packet> aliceRoom = inbox(alice, ChatRoomController.MESSAGE);
		BlockingQueue<Packet> bobRoom = inbox(bob, ChatRoomController.MESSAGE);
		BlockingQueue<Packet> carolInbox = new LinkedBlockingQueue<>();
		carol.onPush(ChatRoomController.MESSAGE, carolInbox::add);
		carol.onPush(AnnouncementController.WHISPERED, carolInbox::add);

		GateClients.call(alice, ChatRoomController.JOIN, "{\"room\":\"tavern\"}");
		JsonNode joined = GateClients.call(bob, ChatRoomController.JOIN, "{\"room\":\"tavern\"}");
		assertThat(joined.get("members").asInt()).isEqualTo(2);
		GateClients.call(alice, ChatRoomController.SAY, "{\"room\":\"tavern\",\"text\":\"cheers\"}");

		assertThat(GateClients.json(aliceRoom.poll(10, TimeUnit.SECONDS)).get("text").asString()).isEqualTo("cheers");
		assertThat(GateClients.json(bobRoom.poll(10, TimeUnit.SECONDS)).get("from").asLong()).isEqualTo(201);
		// Carol is no member: the first push she sees must be the whisper sent after the room message.
		GateClients.call(alice, AnnouncementController.WHISPER, "{\"to\":203,\"text\":\"after\"}");
		Packet first = carolInbox.poll(10, TimeUnit.SECONDS);
		assertThat(first.route()).isEqualTo(AnnouncementController.WHISPERED);
	}

	@Test
	void broadcastReachesEveryOnlineUser() throws InterruptedException {
		RallyClient[] users = { this.clients.login(ClientTransport.TCP, 301),
				this.clients.login(ClientTransport.WEBSOCKET, 302), this.clients.login(ClientTransport.TCP, 303) };
		CountDownLatch everyone = new CountDownLatch(users.length);
		for (RallyClient user : users) {
			user.onPush(AnnouncementController.ANNOUNCEMENT, (packet) -> {
				if (GateClients.json(packet).get("text").asString().equals("server restarts soon")) {
					everyone.countDown();
				}
			});
		}

		JsonNode delivered = GateClients.call(users[0], AnnouncementController.ANNOUNCE,
				"{\"text\":\"server restarts soon\"}");

		assertThat(everyone.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(delivered.get("users").asInt()).isGreaterThanOrEqualTo(users.length);
	}

	@Test
	void secondLoginClosesTheFirstConnection() {
		RallyClient first = this.clients.login(ClientTransport.TCP, 401);
		RallyClient second = this.clients.login(ClientTransport.WEBSOCKET, 401);

		await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !first.isConnected());
		assertThat(second.isConnected()).isTrue();
		assertThat(GateClients.call(second, AnnouncementController.WHISPER, "{\"to\":401,\"text\":\"me\"}")
			.get("users")
			.asInt()).isEqualTo(1);
	}

	private static BlockingQueue<Packet> inbox(RallyClient client, int route) {
		BlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
		client.onPush(route, inbox::add);
		return inbox;
	}

}
