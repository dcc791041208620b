package io.rally.cluster.redis;

import java.time.Duration;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.rally.testsupport.RedisTestServer;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Connection factories and locators on the shared test Redis, each factory with its own
 * Lettuce client, as two Rally instances would have.
 */
final class TestRedis {

	private TestRedis() {
	}

	static LettuceConnectionFactory connectionFactory(ClientResources resources) {
		RedisTestServer server = RedisTestServer.shared();
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
		if (resources != null) {
			client.clientResources(resources);
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()), client.build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static RedisLocator locator(LettuceConnectionFactory factory, String prefix, Duration timeout,
			MeterRegistry meterRegistry) {
		RedisLocatorProperties properties = new RedisLocatorProperties();
		properties.setKeyPrefix(prefix);
		properties.setCommandTimeout(timeout);
		RedisLocator locator = new RedisLocator(factory, properties, meterRegistry);
		locator.start();
		return locator;
	}

}
