package io.rally.gate.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.cluster.local.InMemoryClusterEventBus;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.gate.api.dispatch.NodeSelector;
import io.rally.gate.api.health.HealthScore;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.api.ops.GateOperations;
import io.rally.gate.internal.health.EwmaLatencyTracker;
import io.rally.gate.internal.health.NodeLatencyProbe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The latency beans of {@link GateAutoConfiguration}, and what an application can replace. */
class GateLatencyConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GateAutoConfiguration.class))
		.withUserConfiguration(GateAutoConfigurationTest.Standalone.class)
		.withPropertyValues("rally.gate.tcp.enabled=false", "rally.gate.ws.enabled=false");

	@Test
	void leastLatencyIsSelectedByTheDispatchStrategyProperty() {
		this.runner.withPropertyValues("rally.gate.dispatch.strategy=least-latency").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(GateProperties.class).getDispatch().getStrategy())
				.isEqualTo(DispatchStrategy.LEAST_LATENCY);
			assertThat(context.getBean(NodeSelector.class).getClass().getSimpleName())
				.isEqualTo("LeastLatencySelector");
		});
	}

	@Test
	void probesRegisteredNodesWithTheConfiguredSettings() {
		this.runner.withPropertyValues("rally.gate.latency.interval=50ms", "rally.gate.latency.ewma-weight=1")
			.run((context) -> {
				InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
				context.getBean(LocalTransport.class).exportNode("node-1", new IdleNode());
				registry.register(
						new InstanceInfo("node-1", InstanceKind.NODE, "g", InstanceState.WORK, 1, "local", List.of()));
				LatencyTracker tracker = context.getBean(LatencyTracker.class);
				assertThat(tracker).isInstanceOf(EwmaLatencyTracker.class);
				assertThat(context).hasSingleBean(NodeLatencyProbe.class);
				await().until(() -> tracker.latency("node-1").isPresent());
			});
	}

	@Test
	void applicationBeansReplaceTheScoreAndTheTracker() {
		HealthScore score = (latency) -> 7;
		this.runner.withBean(HealthScore.class, () -> score).run((context) -> {
			assertThat(context.getBean(HealthScore.class)).isSameAs(score);
			LatencyTracker tracker = context.getBean(LatencyTracker.class);
			tracker.record("x", Duration.ofMillis(5));
			assertThat(tracker.score("x")).isEqualTo(7.0);
		});
		LatencyTracker own = new EwmaLatencyTracker(1, HealthScore.DEFAULT);
		this.runner.withBean(LatencyTracker.class, () -> own)
			.run((context) -> assertThat(context.getBean(LatencyTracker.class)).isSameAs(own));
	}

	@Test
	void probingCanBeTurnedOff() {
		this.runner.withPropertyValues("rally.gate.latency.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(NodeLatencyProbe.class);
			assertThat(context).hasSingleBean(LatencyTracker.class);
		});
	}

	@Test
	void gateOperationsUseTheEventBusWhenThereIsOne() {
		this.runner.withBean(ClusterEventBus.class, InMemoryClusterEventBus::new).run((context) -> {
			GateOperations operations = context.getBean(GateOperations.class);
			InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
			registry.register(new InstanceInfo("a", InstanceKind.NODE, "g", InstanceState.WORK, 1, "local", List.of()));
			registry.register(new InstanceInfo("b", InstanceKind.NODE, "g", InstanceState.WORK, 1, "local", List.of()));
			List<String> heard = new CopyOnWriteArrayList<>();
			context.getBean(ClusterEventBus.class)
				.subscribe(GateOperations.MOVE_USERS_TOPIC,
						(event) -> heard.add(new String(event.payload(), StandardCharsets.UTF_8)));
			operations.moveUsersEverywhere("a", "b");
			await().until(() -> heard.contains("a\nb"));
		});
		this.runner.run((context) -> assertThat(context).hasSingleBean(GateOperations.class));
	}

	private static final class IdleNode implements NodeEndpoint {

		@Override
		public void deliver(ClientMessage message) {
		}

		@Override
		public void sessionEvent(SessionEvent event) {
		}

		@Override
		public CompletableFuture<Void> ping() {
			return CompletableFuture.completedFuture(null);
		}

	}

}
