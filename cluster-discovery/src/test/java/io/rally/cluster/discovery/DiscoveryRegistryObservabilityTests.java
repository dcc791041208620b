package io.rally.cluster.discovery;

import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.testsupport.ZooKeeperTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.zookeeper.ZookeeperAutoConfiguration;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryAutoConfiguration;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryClientConfiguration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistryAutoConfiguration;
import org.springframework.cloud.zookeeper.support.CuratorServiceDiscoveryAutoConfiguration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's health contributor and error counter, on a real ZooKeeper. */
class DiscoveryRegistryObservabilityTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class, ZookeeperAutoConfiguration.class,
				CuratorServiceDiscoveryAutoConfiguration.class, ZookeeperServiceRegistryAutoConfiguration.class,
				ZookeeperDiscoveryClientConfiguration.class, ZookeeperDiscoveryAutoConfiguration.class,
				ServiceRegistryAutoConfiguration.class, CommonsClientAutoConfiguration.class,
				SimpleDiscoveryClientAutoConfiguration.class, DiscoveryRegistryAutoConfiguration.class,
				DiscoveryRegistryObservabilityAutoConfiguration.class))
		.withPropertyValues("spring.cloud.zookeeper.connect-string=" + ZooKeeperTestServer.connectString(),
				"spring.cloud.consul.enabled=false",
				"rally.cluster.discovery.service-id-prefix=obs-" + UUID.randomUUID().toString().substring(0, 6));

	@Test
	void healthIsDownUntilTheRegistryHasTakenAnInstanceAndAfterItLeft() {
		this.runner.withPropertyValues("rally.mode=cluster").run((context) -> {
			RegistryHealthIndicator health = context.getBean("rallyRegistryHealthIndicator",
					RegistryHealthIndicator.class);
			DiscoveryInstanceRegistry registry = context.getBean(DiscoveryInstanceRegistry.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

			registry.register(new InstanceInfo("node-obs", InstanceKind.NODE, "default", InstanceState.WORK, 1,
					"127.0.0.1:7100", List.of()));
			Health up = health.health();
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("registered", List.of("node-obs"))
				.containsEntry("listing", "ok");

			registry.deregister("node-obs");
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void countsRegistryErrorsByOperation() {
		this.runner.withPropertyValues("rally.mode=cluster").run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean("rallyRegistryMetrics", MeterBinder.class).bindTo(meters);
			assertThat(meters.find(DiscoveryRegistryObservabilityAutoConfiguration.ERRORS).functionCounters())
				.extracting((counter) -> counter.getId().getTag("operation"))
				.containsExactlyInAnyOrder("register", "deregister", "list");
			assertThat(meters.get(DiscoveryRegistryObservabilityAutoConfiguration.ERRORS)
				.tag("operation", "register")
				.functionCounter()
				.count()).isZero();
		});
	}

	@Test
	void standaloneModeHasNeitherHealthNorMeters() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(RegistryHealthIndicator.class)
			.doesNotHaveBean("rallyRegistryMetrics"));
	}

	@Test
	void clusterModePutsTheRegistryInTheReadinessGroup() {
		StandardEnvironment cluster = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(cluster, "rally.mode=cluster");
		new DiscoveryEnvironmentPostProcessor().postProcessEnvironment(cluster, null);
		assertThat(cluster.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState,rallyRegistry");
		assertThat(cluster.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");

		StandardEnvironment standalone = new StandardEnvironment();
		new DiscoveryEnvironmentPostProcessor().postProcessEnvironment(standalone, null);
		assertThat(standalone.getProperty("management.endpoint.health.group.readiness.include")).isNull();
	}

}
