package io.rally.gate.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.RouteInfo;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.ChannelLimits;
import io.rally.gate.internal.session.RequestLimits;
import io.rally.gate.internal.session.SessionManager;
import io.rally.gate.support.Meters;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-pressure on one connection, driven by hand: a node that is not ready and a full
 * in-flight window hold the connection's packets and stop reading from it, and its packets go
 * on in order once the node is ready or a reply frees a slot. Nothing is refused meanwhile.
 */
class DispatchBackPressureTest {

	private static final int ROUTE = 1;

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final LocalTransport transport = new LocalTransport();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final BusyNode node = new BusyNode();

	private SessionManager sessions;

	private Dispatcher dispatcher;

	private EmbeddedChannel channel;

	@BeforeEach
	void gate() {
		this.transport.exportNode("n", this.node);
		this.registry.register(new InstanceInfo("n", InstanceKind.NODE, "g", InstanceState.WORK, 1, "local",
				List.of(new RouteInfo(ROUTE, false, false, false))));
		GateMetrics metrics = new GateMetrics(this.meters);
		this.sessions = new SessionManager("g1", this.registry, new InMemoryLocator(), this.transport, metrics, 5000,
				ChannelLimits.DEFAULTS, new RequestLimits(2, Duration.ofMinutes(1)));
		this.dispatcher = new Dispatcher("g1", this.registry, new InMemoryLocator(), this.transport,
				DispatchStrategy.ROUND_ROBIN.selector(), metrics, this.sessions);
		this.dispatcher.start();
		this.channel = new EmbeddedChannel(new SessionHandler(this.sessions, "tcp", false),
				new DispatchHandler(this.dispatcher, metrics));
	}

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
		this.dispatcher.close();
	}

	@Test
	void aConnectionWithRequestsInFlightWaitsForABusyNodeAndLosesNothing() {
		this.channel.writeInbound(request(1));
		this.node.ready = false;
		this.channel.writeInbound(request(2), request(3), Packet.oneWay(ROUTE, new byte[0]));

		assertThat(this.node.seqs()).containsExactly(1);
		assertThat(this.channel.config().isAutoRead()).isFalse();
		assertThat(paused(GateMetrics.PAUSE_NODE_BUSY)).isEqualTo(1);

		this.node.becomeReady();
		this.channel.runPendingTasks();
		assertThat(this.node.seqs()).containsExactly(1, 2);
		assertThat(this.channel.config().isAutoRead()).isFalse();

		reply(1);
		assertThat(this.node.seqs()).containsExactly(1, 2, 3, 0);
		assertThat(this.channel.config().isAutoRead()).isTrue();
		assertThat(dropped()).isZero();
	}

	@Test
	void aConnectionWithNothingInFlightGoesThroughUntilTheNodeRefuses() {
		this.node.ready = false;
		this.channel.writeInbound(request(1));
		assertThat(this.node.seqs()).containsExactly(1);
		assertThat(this.channel.config().isAutoRead()).isTrue();

		reply(1);
		this.node.refuse = true;
		this.channel.writeInbound(request(2), request(3));
		assertThat(this.node.seqs()).containsExactly(1);
		assertThat(this.channel.config().isAutoRead()).isFalse();

		this.node.refuse = false;
		this.node.becomeReady();
		this.channel.runPendingTasks();
		assertThat(this.node.seqs()).containsExactly(1, 2, 3);
		assertThat(this.channel.config().isAutoRead()).isTrue();
		assertThat(dropped()).isZero();
	}

	@Test
	void aFullInFlightWindowHoldsTheNextRequestUntilAReply() {
		this.channel.writeInbound(request(1), request(2), request(3), request(4));
		assertThat(this.node.seqs()).containsExactly(1, 2);
		assertThat(this.channel.config().isAutoRead()).isFalse();
		assertThat(paused(GateMetrics.PAUSE_IN_FLIGHT)).isEqualTo(1);

		reply(2);
		assertThat(this.node.seqs()).containsExactly(1, 2, 3);
		assertThat(this.channel.config().isAutoRead()).isFalse();

		reply(1);
		assertThat(this.node.seqs()).containsExactly(1, 2, 3, 4);
		assertThat(this.channel.config().isAutoRead()).isTrue();
		assertThat(this.sessions.find(1).orElseThrow().inFlight().count()).isEqualTo(2);
	}

	private void reply(int seq) {
		long connectionId = this.node.messages.get(0).connectionId();
		this.sessions.pushToConnection(connectionId, new Packet(ROUTE, seq, new byte[0]));
		this.channel.runPendingTasks();
		Object written;
		while ((written = this.channel.readOutbound()) != null) {
			assertThat(written).isInstanceOf(Packet.class);
		}
	}

	private static Packet request(int seq) {
		return new Packet(ROUTE, seq, new byte[0]);
	}

	private double paused(String reason) {
		return Meters.count(this.meters, GateMetrics.READS_PAUSED, "reason", reason);
	}

	private double dropped() {
		return this.meters.find(GateMetrics.MESSAGES_DROPPED).counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	/** A node whose readiness the test sets, and which can refuse like a full queue does. */
	private static final class BusyNode implements NodeEndpoint {

		final List<ClientMessage> messages = new CopyOnWriteArrayList<>();

		final List<Runnable> waiting = new ArrayList<>();

		volatile boolean ready = true;

		volatile boolean refuse;

		List<Integer> seqs() {
			return this.messages.stream().map(ClientMessage::seq).toList();
		}

		void becomeReady() {
			this.ready = true;
			List<Runnable> tasks = new ArrayList<>(this.waiting);
			this.waiting.clear();
			tasks.forEach(Runnable::run);
		}

		@Override
		public void deliver(ClientMessage message) {
			if (this.refuse) {
				this.ready = false;
				throw new IllegalStateException("queue full");
			}
			this.messages.add(message);
		}

		@Override
		public void sessionEvent(SessionEvent event) {
		}

		@Override
		public CompletableFuture<Void> ping() {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public boolean isReady(String gateId) {
			return this.ready;
		}

		@Override
		public void whenReady(String gateId, Runnable task) {
			if (this.ready) {
				task.run();
			}
			else {
				this.waiting.add(task);
			}
		}

	}

}
