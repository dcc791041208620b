package io.rally.cluster.redis.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEvent;
import io.rally.cluster.event.ClusterEvent.CustomEvent;
import io.rally.cluster.event.ClusterEvent.InstanceEvent;
import io.rally.cluster.event.ClusterEvent.InstanceJoined;
import io.rally.cluster.event.ClusterEvent.InstanceLeft;
import io.rally.cluster.event.ClusterEvent.InstanceStateChanged;
import io.rally.cluster.event.ClusterEvent.UserBoundToNode;
import io.rally.cluster.event.ClusterEvent.UserEvent;
import io.rally.cluster.event.ClusterEvent.UserOffline;
import io.rally.cluster.event.ClusterEvent.UserOnline;
import io.rally.cluster.event.ClusterEvent.UserUnboundFromNode;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.cluster.local.InMemoryClusterEventBus;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.redis.RedisLocator;
import io.rally.cluster.redis.RedisLocatorProperties;
import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on the shared Redis, each with its own connection factory, locator and bus:
 * {@code a} makes changes and publishes, {@code b} listens. Both watch one registry, as two
 * instances of a cluster see the same service discovery. Every test uses users of its own.
 */
class RedisClusterEventBusTest {

	private static final AtomicLong users = new AtomicLong(5000);

	private static final InstanceRegistry registry = new InMemoryRegistry();

	private static LettuceConnectionFactory factoryA;

	private static LettuceConnectionFactory factoryB;

	private static RedisLocator locatorA;

	private static RedisLocator locatorB;

	private static RedisClusterEventBus a;

	private static RedisClusterEventBus b;

	@BeforeAll
	static void start() {
		factoryA = connectionFactory();
		factoryB = connectionFactory();
		locatorA = locator(factoryA);
		locatorB = locator(factoryB);
		a = bus(factoryA, locatorA, registry, 10_000);
		b = bus(factoryB, locatorB, registry, 10_000);
		await().until(() -> locatorA.isSubscribed() && locatorB.isSubscribed() && a.isSubscribed() && b.isSubscribed());
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
		locatorA.close();
		locatorB.close();
		factoryA.destroy();
		factoryB.destroy();
	}

	@Test
	void aCustomEventPublishedOnOneInstanceReachesTheOthers() throws Exception {
		List<CustomEvent> chatOnB = new CopyOnWriteArrayList<>();
		List<CustomEvent> allOnA = new CopyOnWriteArrayList<>();
		byte[] binary = { 0, '\n', (byte) 0xff, 'x', '\n' };
		try (AutoCloseable chat = b.subscribe("chat", chatOnB::add);
				AutoCloseable all = a.subscribe(CustomEvent.class, (event) -> {
					// other tests' events may still be on their way
					if (List.of("score", "chat").contains(event.topic())) {
						allOnA.add(event);
					}
				})) {
			a.publish("score", bytes("1"));
			a.publish("chat", binary);
			a.publish("chat", new byte[0]);
			await().untilAsserted(() -> assertThat(chatOnB).containsExactly(new CustomEvent("chat", binary),
					new CustomEvent("chat", new byte[0])));
			await().untilAsserted(() -> assertThat(allOnA).containsExactly(new CustomEvent("score", bytes("1")),
					new CustomEvent("chat", binary), new CustomEvent("chat", new byte[0])));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> a.publish("no spaces", new byte[0]));
		assertThat(a.unsentEvents()).isZero();
	}

	@Test
	void customEventsOfOnePublisherArriveInOrder() throws Exception {
		List<CustomEvent> heard = new CopyOnWriteArrayList<>();
		List<CustomEvent> expected = new ArrayList<>();
		try (AutoCloseable subscription = b.subscribe("sequence", heard::add)) {
			for (int i = 0; i < 1000; i++) {
				a.publish("sequence", bytes(Integer.toString(i)));
				expected.add(new CustomEvent("sequence", bytes(Integer.toString(i))));
			}
			await().until(() -> heard.size() >= 1000);
			assertThat(heard).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void bindingChangesByOneInstanceBecomeUserEventsOnTheOther() throws Exception {
		long user = users.incrementAndGet();
		List<UserEvent> heard = new CopyOnWriteArrayList<>();
		try (AutoCloseable subscription = b.subscribe(UserEvent.class, (event) -> {
			if (event.userId() == user) {
				heard.add(event);
			}
		})) {
			locatorA.bindGate(user, "gate-1").join();
			locatorA.bindGate(user, "gate-1").join();
			locatorA.bindNode(user, "lobby", "node-1").join();
			locatorA.unbindNode(user, "lobby", "node-2").join();
			locatorA.unbindNode(user, "lobby", "node-1").join();
			locatorA.bindGate(user, "gate-2").join();
			locatorA.unbindGate(user, "gate-2").join();
			await().untilAsserted(() -> assertThat(heard).containsExactly(new UserOnline(user, "gate-1"),
					new UserBoundToNode(user, "lobby", "node-1"), new UserUnboundFromNode(user, "lobby", "node-1"),
					new UserOnline(user, "gate-2"), new UserOffline(user, "gate-2")));
		}
	}

	@Test
	void instanceEventsAreDerivedFromTheRegistry() throws Exception {
		List<InstanceEvent> heard = new CopyOnWriteArrayList<>();
		InstanceInfo node = new InstanceInfo("node-derived", InstanceKind.NODE, "lobby", InstanceState.WORK, 1,
				"10.0.0.1:9000", List.of());
		try (AutoCloseable subscription = b.subscribe(InstanceEvent.class, (event) -> {
			if (event.instance().id().equals(node.id())) {
				heard.add(event);
			}
		})) {
			registry.register(node);
			registry.register(node.withState(InstanceState.HANG));
			registry.deregister(node.id());
			await().untilAsserted(() -> assertThat(heard).containsExactly(new InstanceJoined(node),
					new InstanceStateChanged(node, node.withState(InstanceState.HANG)),
					new InstanceLeft(node.withState(InstanceState.HANG))));
		}
	}

	@Test
	void standaloneAndClusterGiveTheSameEventsForTheSameActions() throws Exception {
		long user = users.incrementAndGet();
		InMemoryRegistry standaloneRegistry = new InMemoryRegistry();
		InMemoryLocator standaloneLocator = new InMemoryLocator();
		List<ClusterEvent> standalone;
		try (InMemoryClusterEventBus bus = new InMemoryClusterEventBus(standaloneRegistry, standaloneLocator, 100)) {
			standalone = script(user, standaloneLocator, standaloneRegistry, bus, bus);
		}
		List<ClusterEvent> cluster = script(user, locatorA, registry, a, b);
		assertThat(cluster).hasSize(8).containsExactlyElementsOf(standalone);
	}

	// Each action, then its event before the next: the events come by different paths in cluster mode.
	private static List<ClusterEvent> script(long user, Locator locator, InstanceRegistry registry,
			ClusterEventBus publisher, ClusterEventBus listener) throws Exception {
		InstanceInfo node = new InstanceInfo("node-scripted", InstanceKind.NODE, "lobby", InstanceState.WORK, 1,
				"10.0.0.2:9000", List.of());
		Predicate<ClusterEvent> mine = (event) -> (event instanceof UserEvent userEvent && userEvent.userId() == user)
				|| (event instanceof InstanceEvent instanceEvent && instanceEvent.instance().id().equals(node.id()))
				|| (event instanceof CustomEvent custom && custom.topic().equals("scripted"));
		List<ClusterEvent> heard = new CopyOnWriteArrayList<>();
		List<Runnable> actions = List.of(() -> locator.bindGate(user, "gate-1").join(),
				() -> locator.bindNode(user, "lobby", "node-1").join(),
				() -> locator.unbindNode(user, "lobby", "node-1").join(), () -> locator.unbindGate(user, "gate-1").join(),
				() -> registry.register(node), () -> registry.register(node.withState(InstanceState.SHUT)),
				() -> registry.deregister(node.id()), () -> publisher.publish("scripted", bytes("game over")));
		try (AutoCloseable subscription = listener.subscribe(ClusterEvent.class, (event) -> {
			if (mine.test(event)) {
				heard.add(event);
			}
		})) {
			for (int i = 0; i < actions.size(); i++) {
				actions.get(i).run();
				int expected = i + 1;
				await().pollInterval(Duration.ofMillis(10)).until(() -> heard.size() >= expected);
			}
		}
		return List.copyOf(heard);
	}

	@Test
	void aClosedBusSendsNothing() {
		LettuceConnectionFactory factory = connectionFactory();
		RedisClusterEventBus closed = bus(factory, null, null, 10);
		closed.close();
		closed.publish("chat", bytes("late"));
		assertThat(closed.unsentEvents()).isOne();
		assertThat(closed.isRunning()).isFalse();
		factory.destroy();
	}

	private static LettuceConnectionFactory connectionFactory() {
		RedisTestServer server = RedisTestServer.shared();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()),
				LettuceClientConfiguration.defaultConfiguration());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static RedisLocatorProperties properties() {
		RedisLocatorProperties properties = new RedisLocatorProperties();
		properties.setKeyPrefix("test-events");
		properties.setCommandTimeout(Duration.ofSeconds(2));
		return properties;
	}

	private static RedisLocator locator(LettuceConnectionFactory factory) {
		RedisLocator locator = new RedisLocator(factory, properties(), new SimpleMeterRegistry());
		locator.start();
		return locator;
	}

	private static RedisClusterEventBus bus(LettuceConnectionFactory factory, RedisLocator locator,
			InstanceRegistry registry, int maxQueuedEvents) {
		RedisClusterEventBus bus = new RedisClusterEventBus(factory, properties(), locator, registry, maxQueuedEvents);
		bus.start();
		return bus;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
