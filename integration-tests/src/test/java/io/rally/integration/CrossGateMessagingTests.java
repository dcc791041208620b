package io.rally.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rally.client.RallyClient;
import io.rally.examples.basics.AnnouncementController;
import io.rally.examples.basics.ChatRoomController;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.integration.node.ChannelController;
import io.rally.integration.node.NodeProbeController;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.rally.integration.RallyCluster.call;
import static io.rally.integration.RallyCluster.json;
import static io.rally.integration.RallyCluster.servedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gates and two nodes, round robin: users on different gates reach each other through
 * whichever node handles the request, and stateful routes stay on the node a user is bound
 * to.
 */
@Order(1)
class CrossGateMessagingTests {

	static final String GATE_A = "gate-a";

	static final String GATE_B = "gate-b";

	static RallyCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = new RallyCluster("messaging", DispatchStrategy.ROUND_ROBIN);
		cluster.startNode("node-1");
		cluster.startNode("node-2");
		cluster.startGate(GATE_A);
		cluster.startGate(GATE_B);
		cluster.awaitFormed();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@AfterEach
	void closeClients() {
		cluster.closeClients();
	}

	@Test
	void whisperFromOneGateReachesAUserOnTheOtherGate() throws InterruptedException {
		RallyClient alice = cluster.login(GATE_A, 101);
		RallyClient bob = cluster.login(GATE_B, 102);
		BlockingQueue<Packet> bobInbox = inbox(bob, AnnouncementController.WHISPERED);
		BlockingQueue<Packet> aliceInbox = inbox(alice, AnnouncementController.WHISPERED);

		JsonNode delivered = call(alice, AnnouncementController.WHISPER, "{\"to\":102,\"text\":\"hi bob\"}");
		JsonNode answered = call(bob, AnnouncementController.WHISPER, "{\"to\":101,\"text\":\"hi alice\"}");

		assertThat(delivered.get("users").asInt()).isEqualTo(1);
		assertThat(answered.get("users").asInt()).isEqualTo(1);
		JsonNode toBob = json(bobInbox.poll(10, TimeUnit.SECONDS));
		assertThat(toBob.get("from").asLong()).isEqualTo(101);
		assertThat(toBob.get("text").asString()).isEqualTo("hi bob");
		assertThat(json(aliceInbox.poll(10, TimeUnit.SECONDS)).get("text").asString()).isEqualTo("hi alice");
	}

	@Test
	void whisperToAUserWhoIsNotOnlineReachesNobody() {
		RallyClient alice = cluster.login(GATE_A, 111);

		JsonNode delivered = call(alice, AnnouncementController.WHISPER, "{\"to\":112,\"text\":\"anyone?\"}");

		assertThat(delivered.get("users").asInt()).isZero();
	}

	@Test
	void announcementReachesUsersOnBothGates() throws InterruptedException {
		List<RallyClient> users = List.of(cluster.login(GATE_A, 201), cluster.login(GATE_B, 202),
				cluster.login(GATE_B, 203), cluster.login(GATE_A, 204));
		CountDownLatch everyone = new CountDownLatch(users.size());
		for (RallyClient user : users) {
			user.onPush(AnnouncementController.ANNOUNCEMENT, (packet) -> {
				if (json(packet).get("text").asString().equals("maintenance at noon")) {
					everyone.countDown();
				}
			});
		}

		JsonNode delivered = call(users.get(0), AnnouncementController.ANNOUNCE, "{\"text\":\"maintenance at noon\"}");

		assertThat(everyone.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(delivered.get("users").asInt()).isEqualTo(users.size());
	}

	@Test
	void roomMessageReachesMembersOnBothGatesAndNobodyElse() throws InterruptedException {
		RallyClient alice = cluster.login(GATE_A, 301);
		RallyClient bob = cluster.login(GATE_B, 302);
		RallyClient carol = cluster.login(GATE_B, 303);
		BlockingQueue<Packet> aliceRoom = inbox(alice, ChatRoomController.MESSAGE);
		BlockingQueue<Packet> bobRoom = inbox(bob, ChatRoomController.MESSAGE);
		BlockingQueue<Packet> carolInbox = new LinkedBlockingQueue<>();
		carol.onPush(ChatRoomController.MESSAGE, carolInbox::add);
		carol.onPush(AnnouncementController.WHISPERED, carolInbox::add);

		// The example keeps its rooms in node memory and JOIN is stateless: joining twice in a
		// row puts each member in the room on both nodes (round robin), wherever SAY then lands.
		joinOnEveryNode(alice, "tavern");
		joinOnEveryNode(bob, "tavern");
		JsonNode said = call(alice, ChatRoomController.SAY, "{\"room\":\"tavern\",\"text\":\"cheers\"}");

		assertThat(said.get("members").asInt()).isEqualTo(2);
		JsonNode toAlice = json(aliceRoom.poll(10, TimeUnit.SECONDS));
		JsonNode toBob = json(bobRoom.poll(10, TimeUnit.SECONDS));
		assertThat(toAlice.get("text").asString()).isEqualTo("cheers");
		assertThat(toBob.get("from").asLong()).isEqualTo(301);
		assertThat(toBob.get("room").asString()).isEqualTo("tavern");
		// Carol is on Bob's gate but no member: the first push she sees is the later whisper.
		call(alice, AnnouncementController.WHISPER, "{\"to\":303,\"text\":\"after\"}");
		assertThat(carolInbox.poll(10, TimeUnit.SECONDS).route()).isEqualTo(AnnouncementController.WHISPERED);
		assertThat(aliceRoom).isEmpty();
		assertThat(bobRoom).isEmpty();
	}

	@Test
	void channelPublishReachesSubscribersOnBothGatesAndNobodyElse() throws InterruptedException {
		RallyClient alice = cluster.login(GATE_A, 351);
		RallyClient bob = cluster.login(GATE_B, 352);
		RallyClient carol = cluster.login(GATE_B, 353);
		BlockingQueue<Packet> aliceChannel = inbox(alice, ChannelController.PUBLISHED);
		BlockingQueue<Packet> bobChannel = inbox(bob, ChannelController.PUBLISHED);
		BlockingQueue<Packet> carolInbox = new LinkedBlockingQueue<>();
		carol.onPush(ChannelController.PUBLISHED, carolInbox::add);
		carol.onPush(AnnouncementController.WHISPERED, carolInbox::add);

		// channels live on the gates, so it does not matter which node handles which request
		assertThat(call(alice, ChannelController.SUBSCRIBE, "{\"channel\":\"guild\"}").get("connections").asInt())
			.isEqualTo(1);
		assertThat(call(bob, ChannelController.SUBSCRIBE, "{\"channel\":\"guild\"}").get("connections").asInt())
			.isEqualTo(1);
		JsonNode published = call(bob, ChannelController.PUBLISH, "{\"channel\":\"guild\",\"text\":\"raid at 8\"}");

		assertThat(published.get("connections").asInt()).isEqualTo(2);
		JsonNode toAlice = json(aliceChannel.poll(10, TimeUnit.SECONDS));
		assertThat(toAlice.get("text").asString()).isEqualTo("raid at 8");
		assertThat(toAlice.get("from").asLong()).isEqualTo(352);
		assertThat(json(bobChannel.poll(10, TimeUnit.SECONDS)).get("channel").asString()).isEqualTo("guild");
		call(alice, AnnouncementController.WHISPER, "{\"to\":353,\"text\":\"after\"}");
		assertThat(carolInbox.poll(10, TimeUnit.SECONDS).route()).isEqualTo(AnnouncementController.WHISPERED);
		assertThat(aliceChannel).isEmpty();
		assertThat(bobChannel).isEmpty();
	}

	@Test
	void secondLoginOnTheOtherGateClosesTheFirstConnection() throws InterruptedException {
		RallyClient first = cluster.login(GATE_A, 401);
		RallyClient second = cluster.login(GATE_B, 401);

		await().atMost(Duration.ofSeconds(10)).until(() -> !first.isConnected());
		assertThat(second.isConnected()).isTrue();
		BlockingQueue<Packet> secondInbox = inbox(second, AnnouncementController.WHISPERED);
		RallyClient sender = cluster.login(GATE_A, 402);
		assertThat(call(sender, AnnouncementController.WHISPER, "{\"to\":401,\"text\":\"where are you\"}")
			.get("users")
			.asInt()).isEqualTo(1);
		assertThat(json(secondInbox.poll(10, TimeUnit.SECONDS)).get("from").asLong()).isEqualTo(402);
	}

	@Test
	void statefulRequestsOfAUserAllLandOnTheNodeItBoundTo() {
		List<RallyClient> users = new ArrayList<>();
		List<String> boundTo = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			RallyClient user = cluster.login((i % 2 == 0) ? GATE_A : GATE_B, 501 + i);
			users.add(user);
		}
		// consecutive binds through one gate alternate, so both nodes get bound users
		for (RallyClient user : users) {
			boundTo.add(servedBy(user, NodeProbeController.BIND_HERE));
		}
		assertThat(new HashSet<>(boundTo)).containsExactlyInAnyOrder("node-1", "node-2");

		for (int round = 0; round < 5; round++) {
			for (int i = 0; i < users.size(); i++) {
				assertThat(servedBy(users.get(i), NodeProbeController.STATEFUL_WHO)).as("user %d", 501 + i)
					.isEqualTo(boundTo.get(i));
			}
		}
	}

	@Test
	void statefulRouteWithoutALoggedInUserIsRefused() {
		RallyClient anonymous = cluster.connect(GATE_A, true);

		assertThat(anonymous.request(NodeProbeController.STATEFUL_WHO, RallyCluster.utf8("{}")))
			.failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.withMessageContaining("error 401");
	}

	@Test
	void roundRobinAlternatesStatelessRequestsOfOneConnectionAcrossBothNodes() {
		RallyClient client = cluster.connect(GATE_B, true);
		List<String> served = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			served.add(servedBy(client, NodeProbeController.WHO));
		}

		for (int i = 1; i < served.size(); i++) {
			assertThat(served.get(i)).as("request %d of %s", i, served).isNotEqualTo(served.get(i - 1));
		}
		assertThat(Set.copyOf(served)).containsExactlyInAnyOrder("node-1", "node-2");
	}

	private static void joinOnEveryNode(RallyClient member, String room) {
		for (int i = 0; i < 2; i++) {
			call(member, ChatRoomController.JOIN, "{\"room\":\"" + room + "\"}");
		}
	}

	private static BlockingQueue<Packet> inbox(RallyClient client, int route) {
		BlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
		client.onPush(route, inbox::add);
		return inbox;
	}

}
