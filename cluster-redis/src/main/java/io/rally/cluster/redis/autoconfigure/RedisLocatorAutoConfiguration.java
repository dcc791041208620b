package io.rally.cluster.redis.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.redis.LocatorHealthIndicator;
import io.rally.cluster.redis.RedisLocator;
import io.rally.cluster.redis.RedisLocatorProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * In cluster mode ({@code rally.mode=cluster}), the {@link Locator} is a {@link RedisLocator} on
 * the Lettuce connection factory of Spring Boot's Redis auto-configuration
 * ({@code spring.data.redis.*}). Failed operations are counted in the application's
 * {@link MeterRegistry} if it has one. With actuator, health reports the locator's Redis as
 * {@code rallyLocator}.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(LettuceConnectionFactory.class)
@ConditionalOnProperty(name = "rally.mode", havingValue = "cluster")
@EnableConfigurationProperties(RedisLocatorProperties.class)
public class RedisLocatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(Locator.class)
	RedisLocator redisLocator(LettuceConnectionFactory connectionFactory, RedisLocatorProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry) {
		// An empty composite registry drops what it is given: no meters without an application registry.
		return new RedisLocator(connectionFactory, properties, meterRegistry.getIfAvailable(CompositeMeterRegistry::new));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class Health {

		@Bean
		@ConditionalOnMissingBean(name = "rallyLocatorHealthIndicator")
		LocatorHealthIndicator rallyLocatorHealthIndicator(LettuceConnectionFactory connectionFactory,
				ObjectProvider<RedisLocator> locator) {
			return new LocatorHealthIndicator(connectionFactory, locator.getIfAvailable());
		}

	}

}
