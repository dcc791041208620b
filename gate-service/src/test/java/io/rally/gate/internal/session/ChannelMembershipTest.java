package io.rally.gate.internal.session;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.gate.internal.metrics.GateMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Channel membership on its own: members, a session's channels, limits, and a closed session. */
class ChannelMembershipTest {

	private final ChannelMembership membership = new ChannelMembership(new ChannelLimits(16, 2));

	private final ConnectionRegistry connections = new ConnectionRegistry(new GateMetrics(new SimpleMeterRegistry()),
			5000);

	private final List<EmbeddedChannel> channels = new ArrayList<>();

	@AfterEach
	void release() {
		this.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
	}

	@Test
	void aChannelHasItsMembersAndExistsWhileItHasOne() {
		Session one = open();
		Session two = open();
		this.membership.join("room", one);
		this.membership.join("room", two);
		this.membership.join("room", two);
		assertThat(this.membership.members("room")).containsExactlyInAnyOrder(one, two);
		assertThat(this.membership.channelsOf(two)).containsExactly("room");
		assertThat(this.membership.leave("room", one)).isTrue();
		assertThat(this.membership.leave("room", one)).isFalse();
		assertThat(this.membership.channelCount()).isEqualTo(1);
		this.membership.leaveAll(two);
		assertThat(this.membership.members("room")).isEmpty();
		assertThat(this.membership.channelCount()).isZero();
	}

	@Test
	void aSessionJoinsNoMoreChannelsThanTheLimit() {
		Session session = open();
		this.membership.join("a", session);
		this.membership.join("b", session);
		assertThatIllegalStateException().isThrownBy(() -> this.membership.join("c", session))
			.withMessageContaining("2 channels already");
		this.membership.leave("a", session);
		this.membership.join("c", session);
		assertThat(this.membership.channelsOf(session)).containsExactlyInAnyOrder("b", "c");
	}

	@Test
	void aSessionThatClosedWhileJoiningIsNotLeftInTheChannel() {
		Session session = open();
		session.markClosed();
		this.membership.join("room", session);
		assertThat(this.membership.members("room")).isEmpty();
		assertThat(this.membership.channelsOf(session)).isEmpty();
	}

	@Test
	void namesAreChecked() {
		this.membership.checkName("x".repeat(16));
		assertThatIllegalArgumentException().isThrownBy(() -> this.membership.checkName("x".repeat(17)))
			.withMessageContaining("expected: 1 to 16 chars");
		assertThatIllegalArgumentException().isThrownBy(() -> this.membership.checkName(""));
		assertThatIllegalArgumentException().isThrownBy(() -> this.membership.checkName(null))
			.withMessageContaining("null");
	}

	private Session open() {
		EmbeddedChannel channel = new EmbeddedChannel();
		this.channels.add(channel);
		return this.connections.open(channel, "tcp");
	}

}
