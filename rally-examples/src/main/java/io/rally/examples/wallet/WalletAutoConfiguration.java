package io.rally.examples.wallet;

import io.rally.mesh.autoconfigure.MeshAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * The example wallet service on a mesh ({@code rally.mesh.enabled=true}, unless
 * {@code rally.examples.wallet.enabled=false}): kept in Redis in cluster mode (Spring Boot's
 * connection factory, {@code spring.data.redis.*}), in memory otherwise. An application's own
 * {@link WalletStore} replaces either.
 */
// before Spring gRPC's server factory, which starts a server only if a service bean exists by then
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		before = MeshAutoConfiguration.class,
		beforeName = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration")
@ConditionalOnBooleanProperty("rally.mesh.enabled")
@ConditionalOnBooleanProperty(name = "rally.examples.wallet.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WalletProperties.class)
public class WalletAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WalletService rallyWalletService(WalletStore store) {
		return new WalletService(store);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveRedisConnectionFactory.class)
	@ConditionalOnProperty(name = "rally.mode", havingValue = "cluster")
	static class RedisStore {

		@Bean
		@ConditionalOnMissingBean(WalletStore.class)
		RedisWalletStore rallyRedisWalletStore(ReactiveRedisConnectionFactory connectionFactory,
				WalletProperties properties) {
			return new RedisWalletStore(connectionFactory, properties.getKeyPrefix(), properties.getIdempotencyTtl(),
					properties.getCommandTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "rally.mode", havingValue = "standalone", matchIfMissing = true)
	static class MemoryStore {

		@Bean
		@ConditionalOnMissingBean(WalletStore.class)
		InMemoryWalletStore rallyInMemoryWalletStore(WalletProperties properties) {
			return new InMemoryWalletStore(properties.getIdempotencyTtl());
		}

	}

}
