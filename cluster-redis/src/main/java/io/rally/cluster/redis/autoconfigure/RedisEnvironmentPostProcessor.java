package io.rally.cluster.redis.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Outside cluster mode nothing in Rally uses Redis, though the Redis client is on the class
 * path of every gate and node: Boot's Redis health indicator is then turned off by default, so
 * that a standalone server does not report itself down for a Redis it never needed. A user
 * setting overrides this default.
 */
public final class RedisEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "rallyRedisDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if ("cluster".equals(environment.getProperty("rally.mode"))
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of("management.health.redis.enabled", "false")));
	}

	// after config data, so that rally.mode from application.yml counts
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
