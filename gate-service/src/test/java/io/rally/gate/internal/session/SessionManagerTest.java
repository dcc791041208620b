package io.rally.gate.internal.session;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.GateBinding;
import io.rally.cluster.Locator;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Two gates in one cluster (in memory), with connections on embedded channels: one user,
 * one connection, across gates too; and the session events nodes get.
 */
class SessionManagerTest {

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final InMemoryLocator locator = new InMemoryLocator();

	private final LocalTransport transport = new LocalTransport();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

	private final List<EmbeddedChannel> channels = new CopyOnWriteArrayList<>();

	private SessionManager gateA;

	private SessionManager gateB;

	@BeforeEach
	void cluster() {
		this.transport.exportNode("node", new NodeEndpoint() {
			@Override
			public void deliver(ClientMessage message) {
			}

			@Override
			public void sessionEvent(SessionEvent event) {
				SessionManagerTest.this.events.add(event);
			}

			@Override
			public CompletableFuture<Void> ping() {
				return CompletableFuture.completedFuture(null);
			}
		});
		this.registry.register(new InstanceInfo("node", InstanceKind.NODE, "g", InstanceState.WORK, 1, "local",
				List.of()));
		this.gateA = gate("gate-a");
		this.gateB = gate("gate-b");
	}

	@AfterEach
	void closeChannels() {
		this.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
	}

	@Test
	void bindingOnAnotherGateDisconnectsTheFirst() {
		EmbeddedChannel first = new EmbeddedChannel();
		Session onA = open(this.gateA, first);
		assertThat(this.gateA.bindUser(onA.id(), 7).join()).isTrue();
		assertThat(this.locator.gateOf(7).join()).contains("gate-a");

		Session onB = open(this.gateB, new EmbeddedChannel());
		assertThat(this.gateB.bindUser(onB.id(), 7).join()).isTrue();

		assertThat(first.isOpen()).isFalse();
		assertThat(CloseReason.of(first)).isEqualTo(CloseReason.DUPLICATE_LOGIN);
		assertThat(this.locator.gateOf(7).join()).contains("gate-b");
		assertThat(this.gateB.isOnline(7).join()).isTrue();
		assertThat(this.events).extracting(SessionEvent::type, SessionEvent::gateId)
			.contains(tuple(SessionEvent.Type.RECONNECT, "gate-b"));
	}

	@Test
	void closingForgetsTheUserAndTellsTheNodes() {
		EmbeddedChannel channel = new EmbeddedChannel();
		Session session = open(this.gateA, channel);
		this.gateA.bindUser(session.id(), 8).join();
		this.gateA.closed(session);
		assertThat(this.gateA.isOnline(8).join()).isFalse();
		assertThat(this.locator.gateOf(8).join()).isEmpty();
		assertThat(this.events).extracting(SessionEvent::type, SessionEvent::userId)
			.containsExactly(tuple(SessionEvent.Type.CONNECT, 0L),
					tuple(SessionEvent.Type.DISCONNECT, 8L));
		assertThat(this.gateA.bindUser(session.id(), 8).join()).isFalse();
	}

	@Test
	void aClosedConnectionIsNotOnlineBeforeItsSessionIsForgotten() {
		// No SessionHandler on this channel: nothing calls closed(), as between a channel's close
		// and its inactive event, which runs as a later task of its event loop.
		EmbeddedChannel channel = new EmbeddedChannel();
		Session session = open(this.gateA, channel);
		this.gateA.bindUser(session.id(), 10).join();
		assertThat(this.gateA.isOnline(10).join()).isTrue();
		channel.close();
		assertThat(this.gateA.isOnline(10).join()).isFalse();
	}

	@Test
	void unbindKeepsTheConnection() {
		EmbeddedChannel channel = new EmbeddedChannel();
		Session session = open(this.gateA, channel);
		this.gateA.bindUser(session.id(), 9).join();
		assertThat(this.gateA.unbindUser(9).join()).isTrue();
		assertThat(session.userId()).isZero();
		assertThat(channel.isOpen()).isTrue();
		assertThat(this.gateA.onlineCount().join()).isZero();
	}

	@Test
	void multicastAndBroadcastReachBoundUsersOnly() {
		EmbeddedChannel one = new EmbeddedChannel();
		EmbeddedChannel two = new EmbeddedChannel();
		EmbeddedChannel anonymous = new EmbeddedChannel();
		this.gateA.bindUser(open(this.gateA, one).id(), 1).join();
		this.gateA.bindUser(open(this.gateA, two).id(), 2).join();
		open(this.gateA, anonymous);
		Packet packet = Packet.oneWay(5, new byte[] { 1 });
		assertThat(this.gateA.multicast(List.of(1L, 3L), packet).join()).isEqualTo(1);
		assertThat(this.gateA.broadcast(packet).join()).isEqualTo(2);
		assertThat(this.gateA.onlineCount().join()).isEqualTo(2);
		assertThat(one.outboundMessages()).hasSize(2);
		assertThat(two.outboundMessages()).hasSize(1);
		assertThat(anonymous.outboundMessages()).isEmpty();
		assertThat(this.meters.get(GateMetrics.MESSAGES_SENT).counter().count()).isEqualTo(3);
	}

	@Test
	void pushesLargerThanTheProtocolAllowsAreDropped() {
		EmbeddedChannel channel = new EmbeddedChannel();
		Session session = open(this.gateA, channel);
		assertThat(this.gateA.pushToConnection(session.id(), Packet.oneWay(1, new byte[5001])).join()).isFalse();
		assertThat(channel.outboundMessages()).isEmpty();
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void loginFailsAndLeavesNoLocalBindingWhenTheLocatorIsDown() {
		SessionManager gate = new SessionManager("gate-down", this.registry, new UnreachableLocator(), this.transport,
				new GateMetrics(this.meters), 5000);
		Session session = open(gate, new EmbeddedChannel());

		assertThatThrownBy(() -> gate.bindUser(session.id(), 9).join()).hasRootCauseMessage("Redis is down");
		assertThat(session.userId()).isZero();
		assertThat(gate.isOnline(9).join()).isFalse();
	}

	private SessionManager gate(String id) {
		SessionManager sessions = new SessionManager(id, this.registry, this.locator, this.transport,
				new GateMetrics(this.meters), 5000);
		this.transport.exportGate(id, sessions);
		this.registry.register(new InstanceInfo(id, InstanceKind.GATE, "gate", InstanceState.WORK, 1, "local",
				List.of()));
		return sessions;
	}

	private Session open(SessionManager sessions, EmbeddedChannel channel) {
		this.channels.add(channel);
		return sessions.open(channel, "tcp");
	}

	/** A locator whose store cannot be reached: every call fails, as the Redis one does in an outage. */
	private static final class UnreachableLocator implements Locator {

		private static <T> CompletableFuture<T> down() {
			return CompletableFuture.failedFuture(new IllegalStateException("Redis is down"));
		}

		@Override
		public CompletableFuture<Optional<String>> gateOf(long userId) {
			return down();
		}

		@Override
		public CompletableFuture<GateBinding> bindGate(long userId, String gateId) {
			return down();
		}

		@Override
		public CompletableFuture<Boolean> unbindGate(long userId, String gateId) {
			return down();
		}

		@Override
		public CompletableFuture<Optional<String>> nodeOf(long userId, String group) {
			return down();
		}

		@Override
		public CompletableFuture<Void> bindNode(long userId, String group, String nodeId) {
			return down();
		}

		@Override
		public CompletableFuture<Boolean> unbindNode(long userId, String group, String nodeId) {
			return down();
		}

	}

}
