package io.rally.cluster.redis.event;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.rally.cluster.event.ClusterEvent.CustomEvent;
import io.rally.cluster.redis.RedisLocatorProperties;
import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stops the shared Redis and starts it again; always restarted, so other classes are unaffected.
 */
class RedisClusterEventBusOutageTest {

	private static ClientResources resources;

	private static LettuceConnectionFactory factoryA;

	private static LettuceConnectionFactory factoryB;

	private static RedisClusterEventBus a;

	private static RedisClusterEventBus b;

	@BeforeAll
	static void start() {
		// a short reconnect delay keeps the test quick; the behaviour does not depend on it
		resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
		factoryA = connectionFactory();
		factoryB = connectionFactory();
		a = bus(factoryA);
		b = bus(factoryB);
		await().until(() -> a.isSubscribed() && b.isSubscribed());
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			a.close();
			b.close();
			factoryA.destroy();
			factoryB.destroy();
			resources.shutdown().get(10, TimeUnit.SECONDS);
		}
		finally {
			RedisTestServer.shared().start();
		}
	}

	@Test
	void dropsWhatItCannotSendAndRecoversWithoutARestart() throws Exception {
		List<CustomEvent> heard = new CopyOnWriteArrayList<>();
		b.subscribe("outage", heard::add);
		a.publish("outage", new byte[] { 1 });
		await().until(() -> heard.size() == 1);
		RedisTestServer server = RedisTestServer.shared();
		server.stop();
		try {
			await().until(() -> !a.isSubscribed() && !b.isSubscribed());
			// nothing piles up in memory while Redis is away: events are dropped and counted
			await().until(() -> {
				a.publish("outage", new byte[] { 2 });
				return a.unsentEvents() > 0;
			});
		}
		finally {
			server.start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> a.isSubscribed() && b.isSubscribed());
		await().untilAsserted(() -> {
			a.publish("outage", new byte[] { 3 });
			assertThat(heard).last().isEqualTo(new CustomEvent("outage", new byte[] { 3 }));
		});
	}

	private static LettuceConnectionFactory connectionFactory() {
		RedisTestServer server = RedisTestServer.shared();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()),
				LettuceClientConfiguration.builder().clientResources(resources).build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static RedisClusterEventBus bus(LettuceConnectionFactory factory) {
		RedisLocatorProperties properties = new RedisLocatorProperties();
		properties.setKeyPrefix("test-events-outage");
		properties.setCommandTimeout(Duration.ofMillis(500));
		RedisClusterEventBus bus = new RedisClusterEventBus(factory, properties, null, null, 100);
		bus.start();
		return bus;
	}

}
