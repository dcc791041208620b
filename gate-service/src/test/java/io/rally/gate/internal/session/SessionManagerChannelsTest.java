package io.rally.gate.internal.session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Channels of one gate, with connections on embedded channels: who a publish reaches, and
 * when a connection's subscriptions end.
 */
class SessionManagerChannelsTest {

	private static final Packet NEWS = Packet.oneWay(30, new byte[] { 4, 2 });

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final InMemoryLocator locator = new InMemoryLocator();

	private final LocalTransport transport = new LocalTransport();

	private final List<EmbeddedChannel> channels = new CopyOnWriteArrayList<>();

	private final Map<EmbeddedChannel, Session> sessions = new HashMap<>();

	private final SessionManager gate = new SessionManager("gate-c", this.registry, this.locator, this.transport,
			new GateMetrics(new SimpleMeterRegistry()), 5000, new ChannelLimits(10, 2));

	@AfterEach
	void closeChannels() {
		this.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
	}

	@Test
	void publishReachesSubscribersOnly() {
		EmbeddedChannel alice = login(1);
		EmbeddedChannel bob = login(2);
		EmbeddedChannel carol = login(3);
		EmbeddedChannel anonymous = connect();
		assertThat(this.gate.subscribe("room-1", 1).join()).isTrue();
		assertThat(this.gate.subscribe("room-1", 2).join()).isTrue();
		assertThat(this.gate.subscribe("room-2", 3).join()).isTrue();

		assertThat(this.gate.publish("room-1", NEWS).join()).isEqualTo(2);

		assertThat(alice.<Packet>readOutbound()).isEqualTo(NEWS);
		assertThat(bob.<Packet>readOutbound()).isEqualTo(NEWS);
		assertThat(carol.outboundMessages()).isEmpty();
		assertThat(anonymous.outboundMessages()).isEmpty();
		assertThat(this.gate.publish("empty-room", NEWS).join()).isZero();
	}

	@Test
	void subscribingTwiceKeepsOneSubscription() {
		EmbeddedChannel alice = login(1);
		assertThat(this.gate.subscribe("room-1", 1).join()).isTrue();
		assertThat(this.gate.subscribe("room-1", 1).join()).isTrue();
		assertThat(this.gate.publish("room-1", NEWS).join()).isEqualTo(1);
		assertThat(alice.outboundMessages()).hasSize(1);
		assertThat(this.gate.channelsOf(connectionOf(alice))).containsExactly("room-1");
	}

	@Test
	void unsubscribeLeavesTheChannel() {
		login(1);
		login(2);
		this.gate.subscribe("room-1", 1).join();
		this.gate.subscribe("room-1", 2).join();
		assertThat(this.gate.unsubscribe("room-1", 1).join()).isTrue();
		assertThat(this.gate.unsubscribe("room-1", 1).join()).isFalse();
		assertThat(this.gate.publish("room-1", NEWS).join()).isEqualTo(1);
		assertThat(this.gate.unsubscribe("room-1", 2).join()).isTrue();
		assertThat(this.gate.channelCount()).isZero();
	}

	@Test
	void usersNotBoundHereAreNotSubscribed() {
		connect();
		assertThat(this.gate.subscribe("room-1", 99).join()).isFalse();
		assertThat(this.gate.unsubscribe("room-1", 99).join()).isFalse();
		assertThat(this.gate.channelCount()).isZero();
	}

	@Test
	void closingTheConnectionEndsItsSubscriptions() {
		EmbeddedChannel alice = login(1);
		this.gate.subscribe("room-1", 1).join();
		this.gate.subscribe("room-2", 1).join();
		this.gate.closed(this.gate.find(connectionOf(alice)).orElseThrow());
		assertThat(this.gate.publish("room-1", NEWS).join()).isZero();
		assertThat(this.gate.channelCount()).isZero();
		assertThat(this.gate.subscribe("room-1", 1).join()).isFalse();
	}

	@Test
	void unbindingTheUserEndsItsSubscriptionsButNotTheConnection() {
		EmbeddedChannel alice = login(1);
		this.gate.subscribe("room-1", 1).join();
		this.gate.unbindUser(1).join();
		assertThat(this.gate.publish("room-1", NEWS).join()).isZero();
		assertThat(alice.isOpen()).isTrue();
		assertThat(this.gate.channelsOf(connectionOf(alice))).isEmpty();
	}

	@Test
	void bindingAnotherUserToTheConnectionEndsTheFirstUsersSubscriptions() {
		EmbeddedChannel shared = login(1);
		this.gate.subscribe("room-1", 1).join();
		assertThat(this.gate.bindUser(connectionOf(shared), 2).join()).isTrue();
		assertThat(this.gate.publish("room-1", NEWS).join()).isZero();
		assertThat(this.gate.subscribe("room-2", 2).join()).isTrue();
		assertThat(this.gate.channelsOf(connectionOf(shared))).containsExactly("room-2");
	}

	@Test
	void refusesNamesThatAreEmptyOrTooLong() {
		login(1);
		assertThat(this.gate.subscribe("0123456789", 1).join()).isTrue();
		assertThatThrownBy(() -> this.gate.subscribe("0123456789a", 1).join())
			.hasCauseInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("expected: 1 to 10 chars");
		assertThatThrownBy(() -> this.gate.subscribe("", 1).join()).hasCauseInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.gate.subscribe(null, 1).join()).hasCauseInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.gate.unsubscribe("0123456789a", 1).join())
			.hasCauseInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.gate.publish("0123456789a", NEWS).join())
			.hasCauseInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> this.gate.subscribe("0123456789a", 42).join())
			.as("a bad name fails even for a user who is not here")
			.hasCauseInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void refusesMoreChannelsPerConnectionThanAllowed() {
		EmbeddedChannel alice = login(1);
		login(2);
		this.gate.subscribe("a", 1).join();
		this.gate.subscribe("b", 1).join();
		assertThatThrownBy(() -> this.gate.subscribe("c", 1).join()).hasCauseInstanceOf(IllegalStateException.class)
			.hasMessageContaining("is in 2 channels already");
		assertThat(this.gate.subscribe("b", 1).join()).as("one it is in already").isTrue();
		assertThat(this.gate.subscribe("c", 2).join()).as("the limit is per connection").isTrue();
		this.gate.unsubscribe("a", 1).join();
		assertThat(this.gate.subscribe("c", 1).join()).isTrue();
		assertThat(this.gate.channelsOf(connectionOf(alice))).containsExactlyInAnyOrder("b", "c");
	}

	@Test
	void limitsAreChecked() {
		assertThatThrownBy(() -> new ChannelLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new ChannelLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
	}

	private EmbeddedChannel login(long userId) {
		EmbeddedChannel channel = connect();
		assertThat(this.gate.bindUser(connectionOf(channel), userId).join()).isTrue();
		return channel;
	}

	private EmbeddedChannel connect() {
		EmbeddedChannel channel = new EmbeddedChannel();
		this.channels.add(channel);
		this.sessions.put(channel, this.gate.open(channel, "tcp"));
		return channel;
	}

	private long connectionOf(EmbeddedChannel channel) {
		return this.sessions.get(channel).id();
	}

}
