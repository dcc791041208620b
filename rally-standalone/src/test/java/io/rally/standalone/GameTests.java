package io.rally.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.rally.client.CloseEvent;
import io.rally.client.RallyErrorException;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.examples.game.GameProtocol.RoomView;
import io.rally.examples.game.GameProtocol.RoundOver;
import io.rally.examples.game.GameProtocol.Seat;
import io.rally.examples.game.GameTokens;
import io.rally.examples.game.bot.GameBot;
import io.rally.examples.wallet.proto.WalletGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The example game in the standalone server, played by bots through the client SDK: lobby,
 * battles and the wallet mesh service all in this one JVM, the wallet in memory.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0" })
class GameTests {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	ApplicationContext context;

	@Autowired
	GameTokens tokens;

	final List<GameBot> bots = new ArrayList<>();

	GateClients gate;

	long firstUser;

	@BeforeEach
	void pickUsers() {
		this.gate = new GateClients(this.context);
		// users of one test never meet those of another in the shared context
		this.firstUser = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
	}

	@AfterEach
	void closeBots() {
		this.bots.forEach(GameBot::close);
		this.gate.close();
	}

	@Test
	void walletRunsOnTheMeshOfThisJvm() {
		assertThat(this.context.getBean(InstanceRegistry.class).instances(InstanceKind.MESH)).singleElement()
			.satisfies((mesh) -> {
				assertThat(mesh.services()).contains(WalletGrpc.SERVICE_NAME);
				assertThat(mesh.endpoint()).startsWith("127.0.0.1:");
			});
	}

	@Test
	void twoBotsPlayAFullRoundAndTheWinnerIsPaid() {
		GameBot alice = loggedIn(this.firstUser);
		GameBot bob = loggedIn(this.firstUser + 1);
		String queue = queue();

		GameBot.RoundResult result = GameBot.playRound(alice, bob, queue);

		assertThat(result.players()).containsExactly(alice.userId(), bob.userId());
		assertThat(result.over().reward()).isEqualTo(100);
		// always adding 1 unless it can win, the second player reaches 10 first
		assertThat(result.over().winner()).isEqualTo(bob.userId());
		assertThat(bob.balance()).isEqualTo(100);
		assertThat(alice.balance()).isZero();
		assertThat(alice.awaitAnnouncement((announcement) -> announcement.text().contains(result.roomId()))
			.text()).isEqualTo("Player " + bob.userId() + " won in room " + result.roomId());
		assertThatExceptionOfType(RallyErrorException.class).isThrownBy(() -> alice.move(1))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(409));
		assertThat(alice.leave().state()).isEqualTo("OVER");
		assertThat(bob.rooms(queue).rooms()).isEmpty();
	}

	@Test
	void aPlayerWhoReconnectsMidRoundResumesTheSameRoom() {
		GameBot alice = loggedIn(this.firstUser);
		GameBot bob = loggedIn(this.firstUser + 1);
		String queue = queue();
		Seat seat = alice.match(queue);
		assertThat(bob.rooms(queue).rooms()).singleElement()
			.satisfies((room) -> assertThat(room.roomId()).isEqualTo(seat.roomId()));
		assertThat(bob.match(queue)).isEqualTo(seat);
		alice.join(seat.roomId());
		bob.join(seat.roomId());
		RoomView afterMove = alice.move(1);
		assertThat(afterMove.turn()).isEqualTo(bob.userId());

		bob.close();
		GameBot bobAgain = loggedIn(bob.userId());
		RoomView resumed = bobAgain.resume();

		assertThat(resumed.roomId()).isEqualTo(seat.roomId());
		assertThat(resumed.state()).isEqualTo("PLAYING");
		assertThat(resumed.total()).isEqualTo(1);
		assertThat(resumed.turn()).isEqualTo(bobAgain.userId());
		// the new connection is in the room's channel again
		alice.chat("welcome back");
		assertThat(bobAgain.awaitChat((message) -> message.text().equals("welcome back")).from())
			.isEqualTo(alice.userId());
		alice.play();
		bobAgain.play();
		RoundOver over = bobAgain.awaitRoundOver();
		assertThat(alice.awaitRoundOver()).isEqualTo(over);
		assertThat(over.roomId()).isEqualTo(seat.roomId());
		GameBot winner = (over.winner() == alice.userId()) ? alice : bobAgain;
		assertThat(winner.balance()).isEqualTo(over.reward()).isEqualTo(100);
	}

	@Test
	void secondLoginOfAUserClosesTheFirstConnection() {
		GameBot first = loggedIn(this.firstUser);
		GameBot second = loggedIn(this.firstUser);

		assertThat(first.awaitClosed().reason()).isEqualTo(CloseEvent.Reason.CLOSED_BY_SERVER);
		assertThat(second.isConnected()).isTrue();
		assertThat(second.balance()).isZero();
	}

	@Test
	void forgedOrExpiredTokensAreRefused() {
		GameBot bot = connected();
		String token = this.tokens.issue(this.firstUser, Duration.ofMinutes(5));
		String forged = (this.firstUser + 1) + token.substring(token.indexOf('.'));
		String expired = this.tokens.issue(this.firstUser, Duration.ofSeconds(-1));

		for (String refused : List.of(forged, expired, "nonsense")) {
			assertThatExceptionOfType(RallyErrorException.class).isThrownBy(() -> bot.login(refused))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(401));
		}
		// not logged in: the lobby's authorized routes are refused by the gate
		assertThatExceptionOfType(RallyErrorException.class).isThrownBy(bot::balance)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(401));
	}

	private GameBot connected() {
		GameBot bot = GameBot.connect("127.0.0.1", this.gate.port("tcp"), TIMEOUT);
		this.bots.add(bot);
		return bot;
	}

	private GameBot loggedIn(long userId) {
		GameBot bot = connected();
		assertThat(bot.login(this.tokens.issue(userId, Duration.ofMinutes(5)))).isEqualTo(userId);
		return bot;
	}

	private static String queue() {
		return "duel-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
