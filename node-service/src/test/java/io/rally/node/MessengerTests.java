package io.rally.node;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rally.cluster.Locator;
import io.rally.node.api.Messenger;
import io.rally.node.api.NodeControl;
import io.rally.node.test.TestGate;
import io.rally.protocol.Packet;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Messenger} reaches users through the locator and the registered gate.
 */
@SpringBootTest(classes = TestNodeApplication.class)
class MessengerTests {

	private static final long CONNECTION_A = 9_000_001;

	private static final long CONNECTION_B = 9_000_002;

	private static final long USER_A = 700_001;

	private static final long USER_B = 700_002;

	@Autowired
	private Messenger messenger;

	@Autowired
	private TestGate gate;

	@Autowired
	private Locator locator;

	@Autowired
	private NodeControl nodeControl;

	@BeforeEach
	void bindUsers() {
		assertThat(this.messenger.bindUser(TestGate.ID, CONNECTION_A, USER_A).join()).isTrue();
		assertThat(this.messenger.bindUser(TestGate.ID, CONNECTION_B, USER_B).join()).isTrue();
	}

	@Test
	void pushesOneWayPacketToTheUsersConnection() {
		assertThat(this.messenger.push(USER_A, 100, new Note("hi")).join()).isTrue();
		assertThat(this.gate.packetsTo(CONNECTION_A)).contains(new Packet(100, 0, utf8("{\"text\":\"hi\"}")));
	}

	@Test
	void pushToUnknownUserIsFalse() {
		assertThat(this.messenger.push(123_456_789, 100, new Note("nobody")).join()).isFalse();
	}

	@Test
	void pushesToOneConnection() {
		assertThat(this.messenger.pushToConnection(TestGate.ID, CONNECTION_B, 101, new byte[] { 7 }).join()).isTrue();
		assertThat(this.gate.packetsTo(CONNECTION_B)).contains(new Packet(101, 0, new byte[] { 7 }));
		assertThat(this.messenger.pushToConnection("no-such-gate", CONNECTION_B, 101, new byte[] { 7 }).join())
			.isFalse();
	}

	@Test
	void multicastsToOnlineUsers() {
		int count = this.messenger.multicast(List.of(USER_A, USER_B, 999_999L), 102, new Note("both")).join();
		assertThat(count).isEqualTo(2);
		assertThat(this.gate.packetsTo(CONNECTION_A)).contains(new Packet(102, 0, utf8("{\"text\":\"both\"}")));
		assertThat(this.gate.packetsTo(CONNECTION_B)).contains(new Packet(102, 0, utf8("{\"text\":\"both\"}")));
	}

	@Test
	void broadcastsToEveryGate() {
		int count = this.messenger.broadcast(103, new Note("all")).join();
		assertThat(count).isGreaterThanOrEqualTo(2);
		assertThat(this.gate.packetsTo(CONNECTION_A)).contains(new Packet(103, 0, utf8("{\"text\":\"all\"}")));
	}

	@Test
	void reportsOnlineUsers() {
		assertThat(this.messenger.isOnline(USER_A).join()).isTrue();
		assertThat(this.messenger.isOnline(123_456_789).join()).isFalse();
		assertThat(this.messenger.onlineCount().join()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void kicksAndUnbindsUsers() {
		assertThat(this.messenger.kick(USER_A, "cheating").join()).isTrue();
		assertThat(this.gate.kicks()).contains("user " + USER_A + ": cheating");
		assertThat(this.messenger.isOnline(USER_A).join()).isFalse();
		assertThat(this.messenger.unbindUser(USER_B).join()).isTrue();
		assertThat(this.gate.connectionOf(USER_B)).isNull();
	}

	@Test
	void bindsAndUnbindsUsersToThisNode() {
		this.messenger.bindNode(USER_A).join();
		assertThat(this.locator.nodeOf(USER_A, this.nodeControl.group()).join()).contains(this.nodeControl.nodeId());
		assertThat(this.messenger.unbindNode(USER_A).join()).isTrue();
		assertThat(this.locator.nodeOf(USER_A, this.nodeControl.group()).join()).isEmpty();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	record Note(String text) {
	}

}
