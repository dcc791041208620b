package io.rally.cluster.grpc.mesh;

import java.time.Duration;

import io.grpc.ManagedChannel;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.local.InMemoryRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MeshClientAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MeshClientAutoConfiguration.class));

	@Test
	void noRegistryNoChannels() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MeshChannels.class));
	}

	@Test
	void anyRegistryGetsChannelsInAnyMode() {
		this.runner.withUserConfiguration(RegistryConfig.class).run((context) -> {
			assertThat(context).hasSingleBean(MeshChannels.class);
			assertThat(context.getBean(MeshClientProperties.class).getDeadline()).isEqualTo(Duration.ofSeconds(3));
		});
		this.runner.withUserConfiguration(RegistryConfig.class)
			.withPropertyValues("rally.mode=cluster")
			.run((context) -> assertThat(context).hasSingleBean(MeshChannels.class));
	}

	@Test
	void propertiesBind() {
		this.runner.withUserConfiguration(RegistryConfig.class)
			.withPropertyValues("rally.cluster.mesh.deadline=250ms", "rally.cluster.mesh.max-inbound-message-size=1MB",
					"rally.cluster.mesh.shutdown-timeout=1s")
			.run((context) -> {
				MeshClientProperties properties = context.getBean(MeshClientProperties.class);
				assertThat(properties.getDeadline()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getMaxInboundMessageSize().toMegabytes()).isEqualTo(1);
				assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(1));
			});
	}

	@Test
	void aBadDeadlineFailsTheContext() {
		this.runner.withUserConfiguration(RegistryConfig.class)
			.withPropertyValues("rally.cluster.mesh.deadline=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("deadline: PT0S"));
	}

	@Test
	void anApplicationsOwnChannelsWin() {
		this.runner.withUserConfiguration(RegistryConfig.class, OwnChannelsConfig.class)
			.run((context) -> assertThat(context).getBean(MeshChannels.class)
				.isSameAs(context.getBean(OwnChannelsConfig.class).own));
	}

	@Test
	void channelsShutDownWithTheContext() {
		ManagedChannel[] channel = new ManagedChannel[1];
		this.runner.withUserConfiguration(RegistryConfig.class)
			.run((context) -> channel[0] = (ManagedChannel) context.getBean(MeshChannels.class).channel("a.B"));
		assertThat(channel[0].isShutdown()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfig {

		@Bean
		InstanceRegistry registry() {
			return new InMemoryRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChannelsConfig {

		final MeshChannels own = new MeshChannels(new InMemoryRegistry(), new MeshClientProperties());

		@Bean
		MeshChannels ownChannels() {
			return this.own;
		}

	}

}
