package io.rally.cluster.redis.autoconfigure;

import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.cluster.event.EventDispatcher;
import io.rally.cluster.redis.RedisLocator;
import io.rally.cluster.redis.RedisLocatorProperties;
import io.rally.cluster.redis.event.RedisClusterEventBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * In cluster mode ({@code rally.mode=cluster}), the {@link ClusterEventBus} is a
 * {@link RedisClusterEventBus} on Spring Boot's Lettuce connection factory. User events come
 * from the {@link Locator} if it is a {@link RedisLocator}, instance events from the
 * {@link InstanceRegistry} if the application has one.
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, RedisLocatorAutoConfiguration.class })
@ConditionalOnClass(LettuceConnectionFactory.class)
@ConditionalOnProperty(name = "rally.mode", havingValue = "cluster")
@EnableConfigurationProperties(RedisLocatorProperties.class)
public class RedisEventBusAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ClusterEventBus.class)
	RedisClusterEventBus rallyClusterEventBus(LettuceConnectionFactory connectionFactory,
			RedisLocatorProperties properties, ObjectProvider<Locator> locator,
			ObjectProvider<InstanceRegistry> registry) {
		RedisLocator redisLocator = (locator.getIfUnique() instanceof RedisLocator redis) ? redis : null;
		return new RedisClusterEventBus(connectionFactory, properties, redisLocator, registry.getIfUnique(),
				EventDispatcher.DEFAULT_MAX_QUEUED_EVENTS);
	}

}
