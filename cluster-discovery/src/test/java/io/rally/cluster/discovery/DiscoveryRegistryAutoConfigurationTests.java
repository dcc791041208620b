package io.rally.cluster.discovery;

import java.util.List;
import java.util.function.Consumer;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.testsupport.ZooKeeperTestServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryRegistryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class, ZookeeperAutoConfiguration.class,
				CuratorServiceDiscoveryAutoConfiguration.class, ZookeeperServiceRegistryAutoConfiguration.class,
				ZookeeperDiscoveryClientConfiguration.class, ZookeeperDiscoveryAutoConfiguration.class,
				ServiceRegistryAutoConfiguration.class, CommonsClientAutoConfiguration.class,
				SimpleDiscoveryClientAutoConfiguration.class, DiscoveryRegistryAutoConfiguration.class))
		.withPropertyValues("spring.cloud.zookeeper.connect-string=" + ZooKeeperTestServer.connectString(),
				"spring.cloud.consul.enabled=false");

	@Test
	void clusterModeGetsTheZooKeeperBackedRegistry() {
		this.runner.withPropertyValues("rally.mode=cluster", "rally.cluster.discovery.service-id-prefix=game")
			.run((context) -> {
				assertThat(context).hasSingleBean(InstanceRegistry.class)
					.hasSingleBean(ZookeeperRegistrationFactory.class)
					.hasSingleBean(ZookeeperServiceWatchStarter.class)
					.doesNotHaveBean(ConsulRegistrationFactory.class);
				DiscoveryInstanceRegistry registry = context.getBean(DiscoveryInstanceRegistry.class);
				assertThat(registry.serviceId(InstanceKind.NODE)).isEqualTo("game-node");
				assertThat(context.getBean(ZookeeperServiceWatchStarter.class).isRunning()).isTrue();
			});
	}

	@Test
	void otherModesGetNothing() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(InstanceRegistry.class)
			.doesNotHaveBean(RegistrationFactory.class));
		this.runner.withPropertyValues("rally.mode=standalone")
			.run((context) -> assertThat(context).doesNotHaveBean(InstanceRegistry.class));
	}

	@Test
	void backsOffForAUserRegistry() {
		this.runner.withPropertyValues("rally.mode=cluster")
			.withUserConfiguration(UserRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(InstanceRegistry.class)
				.getBean(InstanceRegistry.class)
				.isInstanceOf(InMemoryRegistry.class));
	}

	@Test
	void withoutADiscoveryBackendThereIsNoRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DiscoveryRegistryAutoConfiguration.class))
			.withPropertyValues("rally.mode=cluster")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(InstanceRegistry.class));
	}

	@Test
	void clusterModeTurnsSpringCloudAutoRegistrationOffUnlessTold() {
		StandardEnvironment environment = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment, "rally.mode=cluster",
				"spring.cloud.consul.discovery.query-passing=false");
		new DiscoveryEnvironmentPostProcessor().postProcessEnvironment(environment, null);
		assertThat(environment.getProperty("spring.cloud.service-registry.auto-registration.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.cloud.zookeeper.discovery.register")).isEqualTo("false");
		assertThat(environment.getProperty("spring.cloud.consul.discovery.register")).isEqualTo("false");
		assertThat(environment.getProperty("spring.cloud.consul.discovery.query-passing")).isEqualTo("false");

		StandardEnvironment standalone = new StandardEnvironment();
		new DiscoveryEnvironmentPostProcessor().postProcessEnvironment(standalone, null);
		assertThat(standalone.getProperty("spring.cloud.zookeeper.discovery.register")).isNull();
	}

	@Test
	void onlyTheChosenRegistryRunsAndNoneOutsideClusterMode() {
		StandardEnvironment consul = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(consul, "rally.mode=cluster");
		new DiscoveryEnvironmentPostProcessor().postProcessEnvironment(consul, null);
		assertThat(consul.getProperty("spring.cloud.consul.enabled")).isEqualTo("true");
		assertThat(consul.getProperty("spring.cloud.zookeeper.enabled")).isEqualTo("false");

		StandardEnvironment zookeeper = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(zookeeper, "rally.mode=cluster",
				"rally.cluster.registry=zookeeper");
		new DiscoveryEnvironmentPostProcessor().postProcessEnvironment(zookeeper, null);
		assertThat(zookeeper.getProperty("spring.cloud.consul.enabled")).isEqualTo("false");
		assertThat(zookeeper.getProperty("spring.cloud.zookeeper.enabled")).isEqualTo("true");

		StandardEnvironment standalone = new StandardEnvironment();
		new DiscoveryEnvironmentPostProcessor().postProcessEnvironment(standalone, null);
		assertThat(standalone.getProperty("spring.cloud.consul.enabled")).isEqualTo("false");
		assertThat(standalone.getProperty("spring.cloud.zookeeper.enabled")).isEqualTo("false");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistry {

		@Bean
		InstanceRegistry userRegistry() {
			return new InMemoryRegistry();
		}

	}

}
