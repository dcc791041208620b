package io.rally.examples.wallet;

import java.time.Duration;

import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.mesh.autoconfigure.MeshAutoConfiguration;
import io.rally.mesh.registration.MeshRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class WalletAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MeshAutoConfiguration.class, WalletAutoConfiguration.class,
				DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class));

	@Test
	void offUnlessTheJvmIsAMesh() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(WalletService.class)
			.doesNotHaveBean(WalletStore.class));
	}

	@Test
	void standaloneKeepsTheWalletInMemory() {
		this.runner.withPropertyValues("rally.mesh.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(MeshRegistration.class).hasSingleBean(WalletService.class);
			assertThat(context).getBean(WalletStore.class).isInstanceOf(InMemoryWalletStore.class);
		});
	}

	@Test
	void clusterModeKeepsTheWalletInRedis() {
		this.runner.withPropertyValues("rally.mesh.enabled=true", "rally.mode=cluster",
				"rally.examples.wallet.idempotency-ttl=1h")
			.withUserConfiguration(OwnRegistry.class)
			.run((context) -> {
				assertThat(context).getBean(WalletStore.class).isInstanceOf(RedisWalletStore.class);
				assertThat(context.getBean(WalletProperties.class).getIdempotencyTtl()).hasHours(1);
			});
	}

	@Test
	void theWalletCanBeLeftOutOrReplaced() {
		this.runner.withPropertyValues("rally.mesh.enabled=true", "rally.examples.wallet.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(MeshRegistration.class)
				.doesNotHaveBean(WalletService.class)
				.doesNotHaveBean(WalletStore.class));
		this.runner.withPropertyValues("rally.mesh.enabled=true")
			.withUserConfiguration(OwnStore.class)
			.run((context) -> assertThat(context).getBean(WalletStore.class)
				.isSameAs(context.getBean(OwnStore.class).store));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistry {

		@Bean
		InstanceRegistry ownRegistry() {
			return new InMemoryRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		final InMemoryWalletStore store = new InMemoryWalletStore(Duration.ofMinutes(1));

		@Bean
		WalletStore ownStore() {
			return this.store;
		}

	}

}
