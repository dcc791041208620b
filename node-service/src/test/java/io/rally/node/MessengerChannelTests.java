package io.rally.node;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rally.node.api.Messenger;
import io.rally.node.test.TestGate;
import io.rally.protocol.Packet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Messenger} subscribes users at their gate, found through the locator, and
 * publishes to every gate.
 */
@SpringBootTest(classes = TestNodeApplication.class)
class MessengerChannelTests {

	private static final long CONNECTION_A = 9_100_001;

	private static final long CONNECTION_B = 9_100_002;

	private static final long USER_A = 710_001;

	private static final long USER_B = 710_002;

	@Autowired
	private Messenger messenger;

	@Autowired
	private TestGate gate;

	@BeforeEach
	void bindUsers() {
		assertThat(this.messenger.bindUser(TestGate.ID, CONNECTION_A, USER_A).join()).isTrue();
		assertThat(this.messenger.bindUser(TestGate.ID, CONNECTION_B, USER_B).join()).isTrue();
	}

	@Test
	void subscribesAtTheUsersGateAndPublishesToSubscribersOnly() {
		assertThat(this.messenger.subscribe("room-a", USER_A).join()).isTrue();
		assertThat(this.gate.subscribers("room-a")).containsExactly(USER_A);

		assertThat(this.messenger.publish("room-a", 120, new Note("hi room")).join()).isEqualTo(1);

		assertThat(this.gate.packetsTo(CONNECTION_A)).contains(new Packet(120, 0, utf8("{\"text\":\"hi room\"}")));
		assertThat(this.gate.packetsTo(CONNECTION_B)).noneMatch((packet) -> packet.route() == 120);
	}

	@Test
	void unsubscribesAtTheUsersGate() {
		this.messenger.subscribe("room-b", USER_A).join();
		this.messenger.subscribe("room-b", USER_B).join();
		assertThat(this.messenger.unsubscribe("room-b", USER_A).join()).isTrue();
		assertThat(this.messenger.unsubscribe("room-b", USER_A).join()).isFalse();
		assertThat(this.messenger.publish("room-b", 121, new byte[] { 1 }).join()).isEqualTo(1);
		assertThat(this.gate.subscribers("room-b")).containsExactly(USER_B);
	}

	@Test
	void offlineUsersAreNotSubscribed() {
		assertThat(this.messenger.subscribe("room-c", 123_456_789).join()).isFalse();
		assertThat(this.messenger.unsubscribe("room-c", 123_456_789).join()).isFalse();
		assertThat(this.gate.subscribers("room-c")).isEmpty();
	}

	@Test
	void aGateRefusalFailsTheFuture() {
		assertThatThrownBy(() -> this.messenger.subscribe("a-name-too-long-for-the-gate", USER_A).join())
			.hasCauseInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void publishingToAChannelWithoutSubscribersReachesNobody() {
		assertThat(this.messenger.publish("room-empty", 122, new Note("anyone?")).join()).isZero();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	record Note(String text) {
	}

}
