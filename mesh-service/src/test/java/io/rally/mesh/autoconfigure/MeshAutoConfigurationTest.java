package io.rally.mesh.autoconfigure;

import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.mesh.registration.MeshRegistration;
import io.rally.mesh.registration.MeshRegistrationListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MeshAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MeshAutoConfiguration.class));

	@Test
	void offUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(MeshRegistration.class)
			.doesNotHaveBean(InstanceRegistry.class));
	}

	@Test
	void standaloneBringsItsOwnRegistry() {
		this.runner.withPropertyValues("rally.mesh.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(MeshRegistration.class).hasSingleBean(MeshRegistrationListener.class);
			assertThat(context).getBean(InstanceRegistry.class).isInstanceOf(InMemoryRegistry.class);
		});
	}

	@Test
	void anApplicationsRegistryIsUsed() {
		this.runner.withPropertyValues("rally.mesh.enabled=true")
			.withUserConfiguration(OwnRegistry.class)
			.run((context) -> assertThat(context).getBean(InstanceRegistry.class)
				.isSameAs(context.getBean(OwnRegistry.class).registry));
	}

	@Test
	void clusterModeWithoutRegistryFailsWithAHint() {
		this.runner.withPropertyValues("rally.mesh.enabled=true", "rally.mode=cluster")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("needs an InstanceRegistry"));
	}

	@Test
	void clusterModeUsesTheApplicationsRegistry() {
		this.runner.withPropertyValues("rally.mesh.enabled=true", "rally.mode=cluster")
			.withUserConfiguration(OwnRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(MeshRegistration.class)
				.getBean(InstanceRegistry.class)
				.isSameAs(context.getBean(OwnRegistry.class).registry));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistry {

		final InMemoryRegistry registry = new InMemoryRegistry();

		@Bean
		InstanceRegistry ownRegistry() {
			return this.registry;
		}

	}

}
