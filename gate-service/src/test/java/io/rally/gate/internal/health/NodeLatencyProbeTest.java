package io.rally.gate.internal.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.api.health.HealthScore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe in standalone mode: nodes in this JVM answer at once, a node that does not answer
 * is recorded as taking the timeout, and nodes that leave are forgotten.
 */
class NodeLatencyProbeTest {

	private static final Duration TIMEOUT = Duration.ofMillis(300);

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final LocalTransport transport = new LocalTransport();

	private final EwmaLatencyTracker tracker = new EwmaLatencyTracker(0.5, HealthScore.DEFAULT);

	private final Node hung = new Node(new CompletableFuture<>());

	private final Node fast = new Node(null);

	private NodeLatencyProbe probe;

	@BeforeEach
	void start() {
		this.transport.exportNode("fast", this.fast);
		this.transport.exportNode("hung", this.hung);
		this.registry.register(node("fast", InstanceState.WORK));
		this.registry.register(node("hung", InstanceState.WORK));
		// registered, but nothing in this JVM answers for it
		this.registry.register(node("elsewhere", InstanceState.WORK));
		this.probe = new NodeLatencyProbe(this.registry, this.transport, this.tracker, Duration.ofMillis(50), TIMEOUT);
		this.probe.start();
	}

	@AfterEach
	void stop() {
		this.probe.stop();
	}

	@Test
	void answeringNodesScoreBetterThanSilentOnes() {
		await().until(() -> this.tracker.latencies().keySet().containsAll(List.of("fast", "hung", "elsewhere")));

		assertThat(this.tracker.latency("hung").orElseThrow()).isGreaterThanOrEqualTo(TIMEOUT);
		assertThat(this.tracker.latency("elsewhere").orElseThrow()).isGreaterThanOrEqualTo(TIMEOUT);
		assertThat(this.tracker.score("fast")).isGreaterThan(this.tracker.score("hung"));
		assertThat(this.fast.pings.get()).isPositive();
	}

	@Test
	void aSilentNodeHasOnePingAtATime() {
		this.probe.stop();
		Node silent = new Node(new CompletableFuture<>());
		this.transport.exportNode("silent", silent);
		this.registry.register(node("silent", InstanceState.WORK));
		int fastPings = this.fast.pings.get();
		NodeLatencyProbe patient = new NodeLatencyProbe(this.registry, this.transport, this.tracker,
				Duration.ofMillis(20), Duration.ofMinutes(1));
		patient.start();
		try {
			await().until(() -> this.fast.pings.get() >= fastPings + 5);
			assertThat(silent.pings.get()).isEqualTo(1);
		}
		finally {
			patient.stop();
		}
	}

	@Test
	void nodesThatLeaveAreForgottenAndShutNodesAreNotPinged() {
		await().until(() -> this.tracker.latency("fast").isPresent());
		this.registry.deregister("fast");
		await().until(() -> this.tracker.latency("fast").isEmpty());

		Node shut = new Node(null);
		this.transport.exportNode("shut", shut);
		this.registry.register(node("shut", InstanceState.SHUT));
		int hungPings = this.hung.pings.get();
		await().until(() -> this.hung.pings.get() > hungPings);
		assertThat(shut.pings.get()).isZero();
		assertThat(this.tracker.latency("shut")).isEmpty();
	}

	private static InstanceInfo node(String id, InstanceState state) {
		return new InstanceInfo(id, InstanceKind.NODE, "g", state, 1, "local", List.of());
	}

	/** A node whose ping answers with {@code answer}, or at once when that is null. */
	private static final class Node implements NodeEndpoint {

		final AtomicInteger pings = new AtomicInteger();

		private final CompletableFuture<Void> answer;

		Node(CompletableFuture<Void> answer) {
			this.answer = answer;
		}

		@Override
		public void deliver(ClientMessage message) {
		}

		@Override
		public void sessionEvent(SessionEvent event) {
		}

		@Override
		public CompletableFuture<Void> ping() {
			this.pings.incrementAndGet();
			return (this.answer != null) ? this.answer : CompletableFuture.completedFuture(null);
		}

	}

}
