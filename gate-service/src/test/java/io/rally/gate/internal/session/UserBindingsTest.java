package io.rally.gate.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user, one connection on one gate: what a binding records in the locator, which earlier
 * connection it closes and why, and who hears that a connection lost its user.
 */
class UserBindingsTest {

	private final InMemoryLocator locator = new InMemoryLocator();

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final LocalTransport transport = new LocalTransport();

	private final ConnectionRegistry connections = new ConnectionRegistry(
			new GateMetrics(new SimpleMeterRegistry()), 5000);

	private final List<Session> usersLeft = new CopyOnWriteArrayList<>();

	private final UserBindings bindings = new UserBindings("gate-a", this.locator,
			new DuplicateLoginEviction(this.registry, this.transport, Runnable::run), this.usersLeft::add);

	private final List<EmbeddedChannel> channels = new ArrayList<>();

	@AfterEach
	void release() {
		this.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
	}

	@Test
	void aFirstBindingIsRecordedInTheLocator() {
		Session session = open();
		assertThat(this.bindings.bind(session, 7).join()).isEqualTo(UserBindings.Outcome.BOUND);
		assertThat(session.userId()).isEqualTo(7);
		assertThat(this.bindings.get(7)).isSameAs(session);
		assertThat(this.bindings.userIds()).containsExactly(7L);
		assertThat(this.locator.gateOf(7).join()).contains("gate-a");
		assertThat(this.bindings.bind(session, 7).join()).isEqualTo(UserBindings.Outcome.BOUND);
		assertThat(this.bindings.count()).isEqualTo(1);
	}

	@Test
	void aSecondLoginHereClosesTheFirstConnectionAsADuplicate() {
		EmbeddedChannel firstChannel = channel();
		Session first = this.connections.open(firstChannel, "tcp");
		this.bindings.bind(first, 7).join();
		Session second = open();
		assertThat(this.bindings.bind(second, 7).join()).isEqualTo(UserBindings.Outcome.REBOUND);
		assertThat(firstChannel.isOpen()).isFalse();
		assertThat(CloseReason.of(firstChannel)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
		assertThat(first.userId()).isZero();
		assertThat(this.bindings.get(7)).isSameAs(second);
	}

	@Test
	void aLoginRecordedOnAnotherGateEvictsTheUserThere() {
		SessionManager gateB = new SessionManager("gate-b", this.registry, this.locator, this.transport,
				new GateMetrics(new SimpleMeterRegistry()), 5000);
		this.transport.exportGate("gate-b", gateB);
		this.registry.register(new InstanceInfo("gate-b", InstanceKind.GATE, "gate", InstanceState.WORK, 1, "local",
				List.of()));
		EmbeddedChannel onB = channel();
		gateB.bindUser(gateB.open(onB, "tcp").id(), 7).join();

		assertThat(this.bindings.bind(open(), 7).join()).isEqualTo(UserBindings.Outcome.REBOUND);
		assertThat(onB.isOpen()).isFalse();
		assertThat(CloseReason.of(onB)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
		assertThat(this.locator.gateOf(7).join()).contains("gate-a");
	}

	@Test
	void bindingAnotherUserToAConnectionReleasesTheFirstUser() {
		Session session = open();
		this.bindings.bind(session, 7).join();
		this.bindings.bind(session, 8).join();
		assertThat(this.usersLeft).containsExactly(session);
		assertThat(this.bindings.get(7)).isNull();
		assertThat(this.locator.gateOf(7).join()).isEmpty();
		assertThat(this.locator.gateOf(8).join()).contains("gate-a");
	}

	@Test
	void unbindingKeepsTheConnectionAndTellsWhoListens() {
		EmbeddedChannel channel = channel();
		Session session = this.connections.open(channel, "tcp");
		this.bindings.bind(session, 7).join();
		assertThat(this.bindings.unbind(7)).isSameAs(session);
		assertThat(this.bindings.unbind(7)).isNull();
		assertThat(channel.isOpen()).isTrue();
		assertThat(session.userId()).isZero();
		assertThat(this.usersLeft).containsExactly(session);
		assertThat(this.locator.gateOf(7).join()).isEmpty();
	}

	@Test
	void aClosedConnectionCannotBeBoundAndItsBindingIsForgotten() {
		Session session = open();
		this.bindings.bind(session, 7).join();
		long userId = session.markClosed();
		this.bindings.closed(session, userId);
		assertThat(this.bindings.get(7)).isNull();
		assertThat(this.locator.gateOf(7).join()).isEmpty();
		assertThat(this.bindings.bind(session, 9).join()).isEqualTo(UserBindings.Outcome.NOT_BOUND);
		assertThat(this.bindings.count()).isZero();
	}

	@Test
	void theCloseOfAnEarlierConnectionLeavesTheNewBindingAlone() {
		Session first = open();
		this.bindings.bind(first, 7).join();
		Session second = open();
		this.bindings.bind(second, 7).join();
		this.bindings.closed(first, 7);
		assertThat(this.bindings.get(7)).isSameAs(second);
		assertThat(this.locator.gateOf(7).join()).contains("gate-a");
	}

	private Session open() {
		return this.connections.open(channel(), "tcp");
	}

	private EmbeddedChannel channel() {
		EmbeddedChannel channel = new EmbeddedChannel();
		this.channels.add(channel);
		return channel;
	}

}
