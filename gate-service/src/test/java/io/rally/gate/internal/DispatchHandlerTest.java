package io.rally.gate.internal;

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
import io.rally.cluster.RouteInfo;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's packets reach the node in arrival order even when a stateful one has to
 * wait for an asynchronous locator.
 */
class DispatchHandlerTest {

	private static final int STATELESS = 1;

	private static final int STATEFUL = 2;

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final LocalTransport transport = new LocalTransport();

	private final List<ClientMessage> delivered = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Optional<String>> pendingLookup = new CompletableFuture<>();

	@Test
	void holdsLaterPacketsWhileTheLocatorAnswers() {
		Locator slowLocator = new SlowNodeLookup(new InMemoryLocator(), this.pendingLookup);
		this.transport.exportNode("n", new NodeEndpoint() {
			@Override
			public void deliver(ClientMessage message) {
				DispatchHandlerTest.this.delivered.add(message);
			}

			@Override
			public void sessionEvent(SessionEvent event) {
			}

			@Override
			public CompletableFuture<Void> ping() {
				return CompletableFuture.completedFuture(null);
			}
		});
		this.registry.register(new InstanceInfo("n", InstanceKind.NODE, "g", InstanceState.WORK, 1, "local",
				List.of(new RouteInfo(STATELESS, false, false, false), new RouteInfo(STATEFUL, true, false, false))));
		GateMetrics metrics = new GateMetrics(new SimpleMeterRegistry());
		SessionManager sessions = new SessionManager("g1", this.registry, slowLocator, this.transport, metrics, 5000);
		Dispatcher dispatcher = new Dispatcher("g1", this.registry, slowLocator, this.transport,
				DispatchStrategy.ROUND_ROBIN.selector(), metrics, sessions);
		dispatcher.start();
		EmbeddedChannel channel = new EmbeddedChannel(new SessionHandler(sessions, "tcp", false),
				new DispatchHandler(dispatcher, metrics));
		long connectionId = sessions.find(1).orElseThrow().id();
		sessions.bindUser(connectionId, 42).join();

		channel.writeInbound(new Packet(STATEFUL, 1, new byte[0]), new Packet(STATELESS, 2, new byte[0]),
				new Packet(STATELESS, 3, new byte[0]));
		assertThat(this.delivered).isEmpty();
		assertThat(channel.config().isAutoRead()).isFalse();

		this.pendingLookup.complete(Optional.of("n"));
		channel.runPendingTasks();
		assertThat(this.delivered).extracting(ClientMessage::seq).containsExactly(1, 2, 3);
		assertThat(this.delivered).allSatisfy((message) -> assertThat(message.userId()).isEqualTo(42));
		assertThat(channel.config().isAutoRead()).isTrue();
		channel.finishAndReleaseAll();
		dispatcher.close();
	}

	/** A locator whose node lookups all wait for one future the test completes. */
	private record SlowNodeLookup(Locator delegate, CompletableFuture<Optional<String>> lookup) implements Locator {

		@Override
		public CompletableFuture<Optional<String>> gateOf(long userId) {
			return this.delegate.gateOf(userId);
		}

		@Override
		public CompletableFuture<GateBinding> bindGate(long userId, String gateId) {
			return this.delegate.bindGate(userId, gateId);
		}

		@Override
		public CompletableFuture<Boolean> unbindGate(long userId, String gateId) {
			return this.delegate.unbindGate(userId, gateId);
		}

		@Override
		public CompletableFuture<Optional<String>> nodeOf(long userId, String group) {
			return this.lookup;
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

}
