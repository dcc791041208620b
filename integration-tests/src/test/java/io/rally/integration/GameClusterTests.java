package io.rally.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.rally.client.CloseEvent;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.examples.ExampleNodeApplication;
import io.rally.examples.game.BattleController;
import io.rally.examples.game.GameProtocol.RoomView;
import io.rally.examples.game.GameProtocol.RoundOver;
import io.rally.examples.game.GameProtocol.Seat;
import io.rally.examples.game.GameTokens;
import io.rally.examples.game.WalletClient;
import io.rally.examples.game.bot.GameBot;
import io.rally.examples.wallet.proto.WalletGrpc;
import io.rally.gate.api.dispatch.DispatchStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example game in cluster mode, played by bots: two gates, one lobby node and two battle
 * nodes (one {@code ExampleNodeApplication} jar in two roles), and a mesh server whose wallet
 * keeps balances in Redis; discovery on ZooKeeper, the locator in Redis, everything over real
 * gRPC. Gates dispatch round robin, so that a player who joins twice in a row reaches both
 * battle nodes, and the one that does not host the room must forward the join.
 */
@Order(4)
class GameClusterTests {

	static final String GATE_A = "gate-a";

	static final String GATE_B = "gate-b";

	static final List<String> BATTLE_NODES = List.of("battle-1", "battle-2");

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	static RallyCluster cluster;

	static GameTokens tokens;

	final List<GameBot> bots = new ArrayList<>();

	long firstUser;

	@BeforeAll
	static void startCluster() {
		cluster = new RallyCluster("game", DispatchStrategy.ROUND_ROBIN);
		cluster.startMesh("wallet-mesh");
		cluster.startNode(ExampleNodeApplication.class, "lobby-1", "--rally.node.group=lobby",
				"--rally.examples.game.role=lobby");
		for (String battle : BATTLE_NODES) {
			cluster.startNode(ExampleNodeApplication.class, battle, "--rally.node.group=battle",
					"--rally.examples.game.role=battle");
		}
		cluster.startGate(GATE_A);
		cluster.startGate(GATE_B);
		cluster.awaitFormed();
		// the lobby must see both battle nodes to pick the same one for a queue every time,
		// and every node the mesh to reach the wallet
		for (String nodeId : cluster.nodeIds()) {
			InstanceRegistry registry = cluster.node(nodeId).getBean(InstanceRegistry.class);
			await().atMost(RallyCluster.CONVERGENCE).untilAsserted(() -> {
				assertThat(registry.instances(InstanceKind.NODE)).filteredOn((node) -> node.state() == InstanceState.WORK)
					.extracting(InstanceInfo::id)
					.containsAll(BATTLE_NODES);
				assertThat(registry.instances(InstanceKind.MESH)).anyMatch((mesh) -> mesh.provides(WalletGrpc.SERVICE_NAME));
			});
		}
		tokens = cluster.node("lobby-1").getBean(GameTokens.class);
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@BeforeEach
	void pickUsers() {
		this.firstUser = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
	}

	@AfterEach
	void closeBots() {
		this.bots.forEach(GameBot::close);
	}

	@Test
	void botsOnDifferentGatesPlayAFullRoundAndTheRewardIsPaidOnce() {
		GameBot alice = loggedIn(GATE_A, this.firstUser);
		GameBot bob = loggedIn(GATE_B, this.firstUser + 1);

		GameBot.RoundResult result = GameBot.playRound(alice, bob, queue());

		RoundOver over = result.over();
		GameBot winner = (over.winner() == alice.userId()) ? alice : bob;
		assertThat(over.reward()).isEqualTo(100);
		assertThat(winner.balance()).isEqualTo(100);
		assertThat(alice.awaitAnnouncement((announcement) -> announcement.text().contains(result.roomId())).text())
			.isEqualTo("Player " + winner.userId() + " won in room " + result.roomId());
		// the battle node pays again, as after a lost answer: the round's key makes it a replay
		String host = result.roomId().substring(0, result.roomId().lastIndexOf('/'));
		long again = cluster.node(host)
			.getBean(WalletClient.class)
			.credit(winner.userId(), 100, "round:" + result.roomId() + ":" + winner.userId(), 1, Duration.ofMillis(1))
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
		assertThat(again).isEqualTo(100);
		assertThat(winner.balance()).isEqualTo(100);
	}

	@Test
	void joinsReachingTheOtherBattleNodeAreForwardedAndAReconnectThroughTheOtherGateResumesTheRoom() {
		GameBot alice = loggedIn(GATE_A, this.firstUser);
		GameBot bob = loggedIn(GATE_B, this.firstUser + 1);
		String queue = queue();
		Seat seat = alice.match(queue);
		assertThat(bob.match(queue)).isEqualTo(seat);
		assertThat(BATTLE_NODES).contains(seat.host());
		String other = BATTLE_NODES.get(0).equals(seat.host()) ? BATTLE_NODES.get(1) : BATTLE_NODES.get(0);
		long forwardedBefore = forwardedJoins(other);

		// round robin: of two joins in a row from one gate, one reaches the node without the room
		alice.join(seat.roomId());
		alice.join(seat.roomId());
		bob.join(seat.roomId());
		RoomView started = bob.join(seat.roomId());
		assertThat(forwardedJoins(other) - forwardedBefore).isEqualTo(2);
		assertThat(started.state()).isEqualTo("PLAYING");
		assertThat(alice.move(1).turn()).isEqualTo(bob.userId());

		bob.close();
		GameBot bobAgain = loggedIn(GATE_A, bob.userId());
		RoomView resumed = bobAgain.resume();

		assertThat(resumed.roomId()).isEqualTo(seat.roomId());
		assertThat(resumed.total()).isEqualTo(1);
		assertThat(resumed.turn()).isEqualTo(bob.userId());
		alice.chat("welcome back");
		assertThat(bobAgain.awaitChat((message) -> message.text().equals("welcome back")).from())
			.isEqualTo(alice.userId());
		alice.play();
		bobAgain.play();
		RoundOver over = bobAgain.awaitRoundOver();
		assertThat(alice.awaitRoundOver()).isEqualTo(over);
		GameBot winner = (over.winner() == alice.userId()) ? alice : bobAgain;
		assertThat(winner.balance()).isEqualTo(100);
	}

	@Test
	void secondLoginOnTheOtherGateClosesTheFirst() {
		GameBot first = loggedIn(GATE_A, this.firstUser);
		GameBot second = loggedIn(GATE_B, this.firstUser);

		assertThat(first.awaitClosed().reason()).isEqualTo(CloseEvent.Reason.CLOSED_BY_SERVER);
		assertThat(second.balance()).isZero();
	}

	private GameBot loggedIn(String gateId, long userId) {
		GameBot bot = GameBot.connect("127.0.0.1", cluster.port(gateId), TIMEOUT);
		this.bots.add(bot);
		assertThat(bot.login(tokens.issue(userId, Duration.ofMinutes(5)))).isEqualTo(userId);
		return bot;
	}

	private static long forwardedJoins(String nodeId) {
		return cluster.node(nodeId).getBean(BattleController.class).forwardedJoins();
	}

	private static String queue() {
		return "duel-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
