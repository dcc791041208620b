package io.rally.mesh.autoconfigure;

import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.mesh.registration.MeshRegistration;
import io.rally.mesh.registration.MeshRegistrationListener;
import io.rally.mesh.wallet.InMemoryWalletStore;
import io.rally.mesh.wallet.RedisWalletStore;
import io.rally.mesh.wallet.WalletService;
import io.rally.mesh.wallet.WalletStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MeshAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MeshAutoConfiguration.class, WalletAutoConfiguration.class,
				DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class));

	@Test
	void offUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(MeshRegistration.class)
			.doesNotHaveBean(WalletService.class)
			.doesNotHaveBean(InstanceRegistry.class));
	}

	@Test
	void standaloneBringsItsOwnRegistryAndAnInMemoryWallet() {
		this.runner.withPropertyValues("rally.mesh.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(MeshRegistration.class)
				.hasSingleBean(MeshRegistrationListener.class)
				.hasSingleBean(WalletService.class);
			assertThat(context).getBean(InstanceRegistry.class).isInstanceOf(InMemoryRegistry.class);
			assertThat(context).getBean(WalletStore.class).isInstanceOf(InMemoryWalletStore.class);
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
	void clusterModeKeepsTheWalletInRedis() {
		this.runner.withPropertyValues("rally.mesh.enabled=true", "rally.mode=cluster",
				"rally.mesh.wallet.idempotency-ttl=1h")
			.withUserConfiguration(OwnRegistry.class)
			.run((context) -> {
				assertThat(context).getBean(WalletStore.class).isInstanceOf(RedisWalletStore.class);
				assertThat(context.getBean(WalletProperties.class).getIdempotencyTtl()).hasHours(1);
			});
	}

	@Test
	void theWalletCanBeLeftOutOrReplaced() {
		this.runner.withPropertyValues("rally.mesh.enabled=true", "rally.mesh.wallet.enabled=false")
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

		final InMemoryRegistry registry = new InMemoryRegistry();

		@Bean
		InstanceRegistry ownRegistry() {
			return this.registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		final InMemoryWalletStore store = new InMemoryWalletStore(java.time.Duration.ofMinutes(1));

		@Bean
		WalletStore ownStore() {
			return this.store;
		}

	}

}
