package io.rally.cluster.redis.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.Locator;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.redis.LocatorHealthIndicator;
import io.rally.cluster.redis.RedisLocator;
import io.rally.cluster.redis.RedisLocatorProperties;
import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisLocatorAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisLocatorAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + RedisTestServer.shared().host(),
				"spring.data.redis.port=" + RedisTestServer.shared().port());

	@Test
	void clusterModeLocatesUsersInRedis() {
		this.runner
			.withPropertyValues("rally.mode=cluster", "rally.cluster.redis.key-prefix=test-autoconfig",
					"rally.cluster.redis.command-timeout=1s", "rally.cluster.redis.cache-max-entries=10")
			.run((context) -> {
				assertThat(context).hasSingleBean(Locator.class).getBean(Locator.class).isInstanceOf(RedisLocator.class);
				RedisLocatorProperties properties = context.getBean(RedisLocatorProperties.class);
				assertThat(properties.getCommandTimeout()).hasSeconds(1);
				assertThat(properties.getCacheMaxEntries()).isEqualTo(10);
				RedisLocator locator = context.getBean(RedisLocator.class);
				await().until(locator::isSubscribed);
				assertThat(locator.bindGate(5, "gate-1").join().previousGate()).isEmpty();
				assertThat(context.getBean(StringRedisTemplate.class).opsForValue().get("test-autoconfig:u:{5}:gate"))
					.isEqualTo("gate-1");
				assertThat(locator.unbindGate(5, "gate-1").join()).isTrue();
			});
	}

	@Test
	void healthPingsTheLocatorsRedis() {
		this.runner.withPropertyValues("rally.mode=cluster", "rally.cluster.redis.key-prefix=test-health").run((context) -> {
			RedisLocator locator = context.getBean(RedisLocator.class);
			await().until(locator::isSubscribed);
			Health health = context.getBean("rallyLocatorHealthIndicator", LocatorHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("ping", "PONG").containsEntry("subscribed", true);
		});
	}

	@Test
	void healthIsDownWhenRedisDoesNotAnswer() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		this.runner
			.withPropertyValues("rally.mode=cluster", "spring.data.redis.port=" + closedPort,
					"spring.data.redis.timeout=1s", "rally.cluster.redis.command-timeout=1s")
			.run((context) -> assertThat(
					context.getBean("rallyLocatorHealthIndicator", LocatorHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN));
	}

	@Test
	void standaloneModeHasNoRedisLocator() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(Locator.class)
			.doesNotHaveBean(RedisLocatorProperties.class));
		this.runner.withPropertyValues("rally.mode=standalone")
			.run((context) -> assertThat(context).doesNotHaveBean(Locator.class));
	}

	@Test
	void backsOffForTheApplicationsLocator() {
		this.runner.withPropertyValues("rally.mode=cluster")
			.withBean(InMemoryLocator.class)
			.run((context) -> assertThat(context).hasSingleBean(Locator.class)
				.getBean(Locator.class)
				.isInstanceOf(InMemoryLocator.class));
	}

	@Test
	void countsErrorsInTheApplicationsMeterRegistry() {
		this.runner.withPropertyValues("rally.mode=cluster")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("rally.locator.errors").counters()).hasSize(6);
				assertThat(Optional.ofNullable(meters.find("rally.locator.errors").tag("operation", "bindGate").counter()))
					.isPresent();
			});
	}

}
