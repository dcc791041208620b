package io.rally.cluster.redis.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEvent;
import io.rally.cluster.event.ClusterEvent.CustomEvent;
import io.rally.cluster.event.ClusterEvent.InstanceJoined;
import io.rally.cluster.event.ClusterEvent.UserOnline;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.cluster.local.InMemoryClusterEventBus;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.redis.RedisLocator;
import io.rally.cluster.redis.event.RedisClusterEventBus;
import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisEventBusAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisLocatorAutoConfiguration.class,
				RedisEventBusAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + RedisTestServer.shared().host(),
				"spring.data.redis.port=" + RedisTestServer.shared().port(),
				"rally.cluster.redis.key-prefix=test-events-autoconfig");

	@Test
	void clusterModeHasARedisBusFedByTheLocatorAndTheRegistry() {
		this.runner.withPropertyValues("rally.mode=cluster", "rally.cluster.redis.events-channel=test-events-channel")
			.withBean(InstanceRegistry.class, InMemoryRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ClusterEventBus.class)
					.getBean(ClusterEventBus.class)
					.isInstanceOf(RedisClusterEventBus.class);
				RedisClusterEventBus bus = context.getBean(RedisClusterEventBus.class);
				RedisLocator locator = context.getBean(RedisLocator.class);
				await().until(() -> bus.isSubscribed() && locator.isSubscribed());
				List<ClusterEvent> heard = new CopyOnWriteArrayList<>();
				bus.subscribe(ClusterEvent.class, heard::add);
				locator.bindGate(77_001, "gate-1").join();
				InstanceInfo node = new InstanceInfo("node-1", InstanceKind.NODE, "lobby", InstanceState.WORK, 1,
						"10.0.0.1:9000", List.of());
				context.getBean(InstanceRegistry.class).register(node);
				bus.publish("chat", "hi".getBytes(StandardCharsets.UTF_8));
				await().untilAsserted(() -> assertThat(heard).containsExactlyInAnyOrder(new UserOnline(77_001, "gate-1"),
						new InstanceJoined(node), new CustomEvent("chat", "hi".getBytes(StandardCharsets.UTF_8))));
				locator.unbindGate(77_001, "gate-1").join();
			});
	}

	@Test
	void worksWithoutARegistryOrARedisLocator() {
		this.runner.withPropertyValues("rally.mode=cluster")
			.withBean(Locator.class, io.rally.cluster.local.InMemoryLocator::new)
			.run((context) -> {
				RedisClusterEventBus bus = context.getBean(RedisClusterEventBus.class);
				await().until(bus::isSubscribed);
				List<CustomEvent> heard = new CopyOnWriteArrayList<>();
				bus.subscribe("chat", heard::add);
				bus.publish("chat", new byte[] { 1 });
				await().until(() -> heard.size() == 1);
			});
	}

	@Test
	void standaloneModeHasNoRedisBus() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ClusterEventBus.class));
		this.runner.withPropertyValues("rally.mode=standalone")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEventBus.class));
	}

	@Test
	void backsOffForTheApplicationsBus() {
		this.runner.withPropertyValues("rally.mode=cluster")
			.withBean(ClusterEventBus.class, InMemoryClusterEventBus::new)
			.run((context) -> assertThat(context).hasSingleBean(ClusterEventBus.class)
				.getBean(ClusterEventBus.class)
				.isInstanceOf(InMemoryClusterEventBus.class));
	}

}
