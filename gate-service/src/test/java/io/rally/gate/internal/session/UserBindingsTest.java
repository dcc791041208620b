package io.rally.gate.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.GateBinding;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.Locator;
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

	@Test
	void aLoginKeepsItsEpochFromTheLocator() {
		Session session = open();
		this.bindings.bind(session, 7).join();
		assertThat(session.loginEpoch()).isEqualTo(1);
		Session second = open();
		this.bindings.bind(second, 7).join();
		assertThat(second.loginEpoch()).isEqualTo(2);
		this.bindings.bind(second, 8).join();
		assertThat(second.loginEpoch()).isEqualTo(1);
	}

	@Test
	void ofTwoLoginsHereTheOneWithTheNewerEpochStaysWhicheverFinishesFirst() {
		HeldLocator held = new HeldLocator(this.locator);
		UserBindings bindings = new UserBindings("gate-a", held,
				new DuplicateLoginEviction(this.registry, this.transport, Runnable::run), this.usersLeft::add);
		EmbeddedChannel firstChannel = channel();
		Session first = this.connections.open(firstChannel, "tcp");
		EmbeddedChannel secondChannel = channel();
		Session second = this.connections.open(secondChannel, "tcp");
		CompletableFuture<UserBindings.Outcome> firstBinding = bindings.bind(first, 7);
		CompletableFuture<UserBindings.Outcome> secondBinding = bindings.bind(second, 7);
		// Nothing is closed before the locator has given the epochs.
		assertThat(firstChannel.isOpen()).isTrue();
		assertThat(secondChannel.isOpen()).isTrue();
		// The locator records the second login first (epoch 1), then the first (epoch 2).
		held.release(1);
		assertThat(secondBinding.join()).isEqualTo(UserBindings.Outcome.BOUND);
		assertThat(bindings.get(7)).isSameAs(second);
		held.release(0);
		assertThat(firstBinding.join()).isEqualTo(UserBindings.Outcome.REBOUND);
		assertThat(bindings.get(7)).isSameAs(first);
		assertThat(first.loginEpoch()).isEqualTo(2);
		assertThat(secondChannel.isOpen()).isFalse();
		assertThat(CloseReason.of(secondChannel)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
		assertThat(firstChannel.isOpen()).isTrue();
		assertThat(this.locator.gateOf(7).join()).contains("gate-a");
	}

	@Test
	void aLoginWhoseEpochIsOlderThanTheOneBoundHereIsClosed() {
		HeldLocator held = new HeldLocator(this.locator);
		UserBindings bindings = new UserBindings("gate-a", held,
				new DuplicateLoginEviction(this.registry, this.transport, Runnable::run), this.usersLeft::add);
		EmbeddedChannel firstChannel = channel();
		Session first = this.connections.open(firstChannel, "tcp");
		EmbeddedChannel secondChannel = channel();
		Session second = this.connections.open(secondChannel, "tcp");
		CompletableFuture<UserBindings.Outcome> firstBinding = bindings.bind(first, 7);
		CompletableFuture<UserBindings.Outcome> secondBinding = bindings.bind(second, 7);
		// The first login takes epoch 1, the second epoch 2, but the second's answer comes first.
		held.take(0);
		held.release(1);
		assertThat(secondBinding.join()).isEqualTo(UserBindings.Outcome.BOUND);
		held.release(0);
		assertThat(firstBinding.join()).isEqualTo(UserBindings.Outcome.NOT_BOUND);
		assertThat(firstChannel.isOpen()).isFalse();
		assertThat(CloseReason.of(firstChannel)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
		assertThat(first.userId()).isZero();
		assertThat(bindings.get(7)).isSameAs(second);
		assertThat(second.loginEpoch()).isEqualTo(2);
		assertThat(secondChannel.isOpen()).isTrue();
		assertThat(this.locator.gateOf(7).join()).contains("gate-a");
	}

	@Test
	void anEvictionClosesOnlyALoginOlderThanItsEpoch() {
		EmbeddedChannel channel = channel();
		Session session = this.connections.open(channel, "tcp");
		this.bindings.bind(session, 7).join();
		long newer = this.locator.bindGate(7, "gate-b").join().epoch();
		assertThat(this.bindings.evict(7, session.loginEpoch())).isFalse();
		assertThat(this.bindings.evict(8, newer)).isFalse();
		assertThat(channel.isOpen()).isTrue();
		assertThat(this.bindings.evict(7, newer)).isTrue();
		assertThat(channel.isOpen()).isFalse();
		assertThat(CloseReason.of(channel)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
		assertThat(this.bindings.get(7)).isNull();
		// The closing connection leaves the locator alone: it records the newer login already.
		this.bindings.closed(session, session.markClosed());
		assertThat(this.locator.gateOf(7).join()).contains("gate-b");
	}

	private Session open() {
		return this.connections.open(channel(), "tcp");
	}

	private EmbeddedChannel channel() {
		EmbeddedChannel channel = new EmbeddedChannel();
		this.channels.add(channel);
		return channel;
	}

	/**
	 * A locator whose gate bindings wait until the test takes them (the binding is made and
	 * the epoch taken) and releases them (the answer arrives), in any order.
	 */
	private static final class HeldLocator implements Locator {

		private final Locator delegate;

		private final List<PendingBinding> pending = new ArrayList<>();

		HeldLocator(Locator delegate) {
			this.delegate = delegate;
		}

		void take(int index) {
			this.pending.get(index).take();
		}

		void release(int index) {
			PendingBinding binding = this.pending.get(index);
			binding.answer.complete(binding.take());
		}

		@Override
		public CompletableFuture<Optional<String>> gateOf(long userId) {
			return this.delegate.gateOf(userId);
		}

		@Override
		public CompletableFuture<GateBinding> bindGate(long userId, String gateId) {
			PendingBinding binding = new PendingBinding(() -> this.delegate.bindGate(userId, gateId).join());
			this.pending.add(binding);
			return binding.answer;
		}

		@Override
		public CompletableFuture<Boolean> unbindGate(long userId, String gateId) {
			return this.delegate.unbindGate(userId, gateId);
		}

		@Override
		public CompletableFuture<Optional<String>> nodeOf(long userId, String group) {
			return this.delegate.nodeOf(userId, group);
		}

		@Override
		public CompletableFuture<Void> bindNode(long userId, String group, String nodeId) {
			return this.delegate.bindNode(userId, group, nodeId);
		}

		@Override
		public CompletableFuture<Boolean> unbindNode(long userId, String group, String nodeId) {
			return this.delegate.unbindNode(userId, group, nodeId);
		}

	}

	private static final class PendingBinding {

		final CompletableFuture<GateBinding> answer = new CompletableFuture<>();

		private final Supplier<GateBinding> bind;

		private GateBinding taken;

		PendingBinding(Supplier<GateBinding> bind) {
			this.bind = bind;
		}

		GateBinding take() {
			if (this.taken == null) {
				this.taken = this.bind.get();
			}
			return this.taken;
		}

	}

}
