package io.rally.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.redis.LocatorEvent.Type;
import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Stops the shared Redis and starts it again; always restarted, so other classes are unaffected.
 */
class RedisLocatorOutageTest {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static ClientResources resources;

	private static LettuceConnectionFactory factoryA;

	private static LettuceConnectionFactory factoryB;

	private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private static RedisLocator a;

	private static RedisLocator b;

	@BeforeAll
	static void start() {
		// a short reconnect delay keeps the test quick; the behaviour does not depend on it
		resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
		factoryA = TestRedis.connectionFactory(resources);
		factoryB = TestRedis.connectionFactory(resources);
		a = TestRedis.locator(factoryA, "test-outage", TIMEOUT, meters);
		b = TestRedis.locator(factoryB, "test-outage", TIMEOUT, new SimpleMeterRegistry());
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
	void failsFastDuringAnOutageAndRecoversWithoutARestart() throws Exception {
		long user = 77;
		List<LocatorEvent> heard = new CopyOnWriteArrayList<>();
		AutoCloseable subscription = b.subscribe((event) -> {
			if (event.userId() == user) {
				heard.add(event);
			}
		});
		a.bindGate(user, "gate-1").join();
		assertThat(b.gateOf(user).join()).contains("gate-1");
		RedisTestServer server = RedisTestServer.shared();
		server.stop();
		try {
			await().until(() -> !a.isSubscribed() && !b.isSubscribed());
			// the cached binding is not trusted while announcements may be missed
			assertUnavailable(b.gateOf(user), "gateOf");
			assertUnavailable(a.bindGate(user, "gate-2"), "bindGate");
			assertUnavailable(a.unbindGate(user, "gate-1"), "unbindGate");
			assertUnavailable(a.nodeOf(user, "game"), "nodeOf");
			assertUnavailable(a.bindNode(user, "game", "node-1"), "bindNode");
			assertUnavailable(a.unbindNode(user, "game", "node-1"), "unbindNode");
			assertThat(meters.get("rally.locator.errors").tag("operation", "bindGate").counter().count()).isOne();
			assertThat(meters.get("rally.locator.errors").tag("operation", "nodeOf").counter().count()).isOne();
		}
		finally {
			server.start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> a.isSubscribed() && b.isSubscribed());
		// the restarted Redis kept nothing: a cache that survived the outage would still say gate-1
		await().ignoreExceptions().untilAsserted(() -> assertThat(b.gateOf(user).join()).isEmpty());
		await().ignoreExceptions().untilAsserted(() -> assertThat(a.bindGate(user, "gate-3").join().previousGate()).isEmpty());
		assertThat(a.gateOf(user).join()).contains("gate-3");
		await().untilAsserted(() -> assertThat(b.gateOf(user).join()).contains("gate-3"));
		await().untilAsserted(() -> assertThat(heard).last()
			.isEqualTo(new LocatorEvent(Type.GATE_BOUND, user, null, "gate-3")));
		subscription.close();
	}

	private static void assertUnavailable(CompletableFuture<?> operation, String name) {
		// far longer than the command timeout: only a hanging operation gets there
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> operation.get(20, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(LocatorUnavailableException.class)
			.withMessageContaining("Redis")
			.withMessageContaining(name)
			.satisfies((ex) -> assertThat(((LocatorUnavailableException) ex).getOperation()).isEqualTo(name));
	}

}
