package io.rally.standalone;

import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEvent;
import io.rally.cluster.event.ClusterEvent.UserOnline;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.cluster.local.InMemoryClusterEventBus;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.standalone.autoconfigure.StandaloneClusterAutoConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory cluster is there by default, gone in cluster mode, and steps aside for beans
 * the application defines.
 */
class StandaloneClusterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(StandaloneClusterAutoConfiguration.class));

	@Test
	void providesTheInMemoryClusterByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(InMemoryRegistry.class).hasSingleBean(InMemoryLocator.class);
			assertThat(context.getBean(ClusterTransport.class)).isSameAs(context.getBean(EndpointExporter.class))
				.isInstanceOf(LocalTransport.class);
		});
	}

	@Test
	void stepsAsideInClusterMode() {
		this.runner.withPropertyValues("rally.mode=cluster").run((context) -> {
			assertThat(context).doesNotHaveBean(InstanceRegistry.class)
				.doesNotHaveBean(Locator.class)
				.doesNotHaveBean(ClusterTransport.class)
				.doesNotHaveBean(ClusterEventBus.class);
		});
	}

	@Test
	void backsOffForTheApplicationsOwnLocator() {
		InMemoryLocator own = new InMemoryLocator();
		this.runner.withBean("ownLocator", Locator.class, () -> own).run((context) -> {
			assertThat(context.getBean(Locator.class)).isSameAs(own);
			assertThat(context).hasSingleBean(InstanceRegistry.class);
		});
	}

	@Test
	void providesAnEventBusThatReportsTheLocatorsChanges() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ClusterEventBus.class)
				.getBean(ClusterEventBus.class)
				.isInstanceOf(InMemoryClusterEventBus.class);
			List<ClusterEvent> heard = new CopyOnWriteArrayList<>();
			context.getBean(ClusterEventBus.class).subscribe(ClusterEvent.class, heard::add);
			context.getBean(Locator.class).bindGate(9, "gate-1").join();
			await().untilAsserted(() -> assertThat(heard).containsExactly(new UserOnline(9, "gate-1")));
		});
	}

	@Test
	void backsOffForTheApplicationsOwnEventBus() {
		InMemoryClusterEventBus own = new InMemoryClusterEventBus();
		this.runner.withBean("ownBus", ClusterEventBus.class, () -> own)
			.run((context) -> assertThat(context.getBean(ClusterEventBus.class)).isSameAs(own));
		own.close();
	}

}
