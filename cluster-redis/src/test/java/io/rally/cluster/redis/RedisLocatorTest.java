package io.rally.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.GateBinding;
import io.rally.cluster.redis.LocatorEvent.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Two locators, each on its own connection factory as two instances of a cluster would be, on
 * the shared Redis. Every test uses users of its own.
 */
class RedisLocatorTest {

	private static final String PREFIX = "test-locator";

	private static final AtomicLong users = new AtomicLong(1000);

	private static LettuceConnectionFactory factoryA;

	private static LettuceConnectionFactory factoryB;

	private static RedisLocator a;

	private static RedisLocator b;

	private static StringRedisTemplate raw;

	private static final LocatorSchema schema = new LocatorSchema(PREFIX);

	@BeforeAll
	static void start() {
		factoryA = TestRedis.connectionFactory(null);
		factoryB = TestRedis.connectionFactory(null);
		a = TestRedis.locator(factoryA, PREFIX, Duration.ofSeconds(2), new SimpleMeterRegistry());
		b = TestRedis.locator(factoryB, PREFIX, Duration.ofSeconds(2), new SimpleMeterRegistry());
		raw = new StringRedisTemplate(factoryA);
		await().until(() -> a.isSubscribed() && b.isSubscribed());
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
		factoryA.destroy();
		factoryB.destroy();
	}

	private static long newUser() {
		return users.incrementAndGet();
	}

	@Test
	void bindsLooksUpAndUnbindsGates() {
		long user = newUser();
		assertThat(a.gateOf(user).join()).isEmpty();
		assertThat(a.bindGate(user, "gate-1").join().previousGate()).isEmpty();
		assertThat(a.gateOf(user).join()).contains("gate-1");
		assertThat(raw.opsForValue().get(PREFIX + ":u:{" + user + "}:gate")).isEqualTo("gate-1");
		assertThat(a.unbindGate(user, "gate-2").join()).isFalse();
		assertThat(a.gateOf(user).join()).contains("gate-1");
		assertThat(a.unbindGate(user, "gate-1").join()).isTrue();
		assertThat(a.gateOf(user).join()).isEmpty();
		assertThat(raw.hasKey(schema.gateKey(user))).isFalse();
		assertThat(a.unbindGate(user, "gate-1").join()).isFalse();
	}

	@Test
	void bindGateReturnsThePreviousGateOnlyIfItWasAnother() {
		long user = newUser();
		assertThat(a.bindGate(user, "gate-1").join().previousGate()).isEmpty();
		assertThat(a.bindGate(user, "gate-1").join().previousGate()).isEmpty();
		assertThat(b.bindGate(user, "gate-2").join().previousGate()).contains("gate-1");
		assertThat(a.gateOf(user).join()).contains("gate-2");
	}

	@Test
	void everyGateBindingTakesTheNextEpochOfTheUserFromRedis() {
		long user = newUser();
		assertThat(a.bindGate(user, "gate-1").join()).isEqualTo(new GateBinding(1, Optional.empty()));
		assertThat(b.bindGate(user, "gate-2").join()).isEqualTo(new GateBinding(2, Optional.of("gate-1")));
		assertThat(b.bindGate(user, "gate-2").join()).isEqualTo(new GateBinding(3, Optional.empty()));
		assertThat(raw.opsForValue().get(schema.epochKey(user))).isEqualTo("3");
		// An unbind leaves the counter: the next login still gets a greater epoch.
		assertThat(a.unbindGate(user, "gate-2").join()).isTrue();
		assertThat(raw.opsForValue().get(schema.epochKey(user))).isEqualTo("3");
		assertThat(a.bindGate(user, "gate-1").join()).isEqualTo(new GateBinding(4, Optional.empty()));
		// Binding nodes takes no epoch.
		a.bindNode(user, "game", "node-1").join();
		assertThat(raw.opsForValue().get(schema.epochKey(user))).isEqualTo("4");
		assertThat(a.bindGate(newUser(), "gate-1").join().epoch()).isEqualTo(1);
	}

	@Test
	void racingLoginsTakeDistinctEpochsAndTheLastEpochBelongsToTheBindingThatStands() {
		for (int round = 0; round < 20; round++) {
			long user = newUser();
			List<CompletableFuture<GateBinding>> logins = new java.util.ArrayList<>();
			List<String> gates = new java.util.ArrayList<>();
			for (int i = 0; i < 10; i++) {
				String gate = "gate-" + i;
				gates.add(gate);
				logins.add(((i % 2 == 0) ? a : b).bindGate(user, gate));
			}
			CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).join();
			List<Long> epochs = logins.stream().map((login) -> login.join().epoch()).toList();
			assertThat(epochs).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
			// Binding and increment are one step: the gate that stands is the one with epoch 10,
			// and each login saw as previous gate the one of the epoch just before it.
			String standing = gates.get(epochs.indexOf(10L));
			assertThat(raw.opsForValue().get(schema.gateKey(user))).isEqualTo(standing);
			for (int i = 0; i < 10; i++) {
				long epoch = epochs.get(i);
				Optional<String> expected = (epoch == 1) ? Optional.empty()
						: Optional.of(gates.get(epochs.indexOf(epoch - 1)));
				assertThat(logins.get(i).join().previousGate()).isEqualTo(expected);
			}
		}
	}

	@Test
	void bindsLooksUpAndUnbindsNodesPerGroup() {
		long user = newUser();
		assertThat(a.nodeOf(user, "game").join()).isEmpty();
		a.bindNode(user, "game", "node-1").join();
		a.bindNode(user, "chat", "node-7").join();
		assertThat(a.nodeOf(user, "game").join()).contains("node-1");
		assertThat(a.nodeOf(user, "chat").join()).contains("node-7");
		assertThat(raw.opsForValue().get(PREFIX + ":u:{" + user + "}:node:game")).isEqualTo("node-1");
		a.bindNode(user, "game", "node-2").join();
		assertThat(a.nodeOf(user, "game").join()).contains("node-2");
		assertThat(a.unbindNode(user, "game", "node-1").join()).isFalse();
		assertThat(a.unbindNode(user, "game", "node-2").join()).isTrue();
		assertThat(a.nodeOf(user, "game").join()).isEmpty();
		assertThat(a.nodeOf(user, "chat").join()).contains("node-7");
		assertThat(a.gateOf(user).join()).isEmpty();
	}

	@Test
	void rejectsGroupsThatCannotBeAnnounced() {
		assertThatIllegalArgumentException().isThrownBy(() -> a.nodeOf(1, "a\nb"));
		assertThatIllegalArgumentException().isThrownBy(() -> a.bindNode(1, "game", ""));
	}

	@Test
	void onlyOneOfTwoRacingUnbindersDeletes() {
		for (int round = 0; round < 100; round++) {
			long user = newUser();
			a.bindGate(user, "gate-1").join();
			CompletableFuture<Boolean> first = a.unbindGate(user, "gate-1");
			CompletableFuture<Boolean> second = b.unbindGate(user, "gate-1");
			assertThat(List.of(first.join(), second.join())).containsExactlyInAnyOrder(true, false);
		}
	}

	@Test
	void anUnbindRacingARebindNeverRemovesTheNewBinding() {
		for (int round = 0; round < 100; round++) {
			long user = newUser();
			a.bindGate(user, "gate-1").join();
			a.bindNode(user, "game", "node-1").join();
			CompletableFuture<Boolean> unbindGate = a.unbindGate(user, "gate-1");
			CompletableFuture<GateBinding> rebindGate = b.bindGate(user, "gate-2");
			CompletableFuture<Boolean> unbindNode = a.unbindNode(user, "game", "node-1");
			CompletableFuture<Void> rebindNode = b.bindNode(user, "game", "node-2");
			CompletableFuture.allOf(unbindGate, rebindGate, unbindNode, rebindNode).join();
			assertThat(raw.opsForValue().get(schema.gateKey(user))).isEqualTo("gate-2");
			assertThat(raw.opsForValue().get(schema.nodeKey(user, "game"))).isEqualTo("node-2");
		}
	}

	@Test
	void lookupsAreAnsweredFromTheCacheOnceSeen() {
		long user = newUser();
		a.bindGate(user, "gate-1").join();
		assertThat(b.gateOf(user).join()).contains("gate-1");
		assertThat(b.nodeOf(user, "game").join()).isEmpty();
		// changed behind the locators' backs: nothing announces it, so the cache answers
		raw.opsForValue().set(schema.gateKey(user), "sneaked-in");
		raw.opsForValue().set(schema.nodeKey(user, "game"), "sneaked-in");
		assertThat(b.gateOf(user).join()).contains("gate-1");
		assertThat(b.nodeOf(user, "game").join()).isEmpty();
	}

	@Test
	void aChangeByOneInstanceReachesTheOthersCache() {
		long user = newUser();
		a.bindGate(user, "gate-1").join();
		a.bindNode(user, "game", "node-1").join();
		assertThat(b.gateOf(user).join()).contains("gate-1");
		assertThat(b.nodeOf(user, "game").join()).contains("node-1");
		a.bindGate(user, "gate-2").join();
		a.bindNode(user, "game", "node-2").join();
		await().untilAsserted(() -> {
			assertThat(b.gateOf(user).join()).contains("gate-2");
			assertThat(b.nodeOf(user, "game").join()).contains("node-2");
		});
		a.unbindGate(user, "gate-2").join();
		a.unbindNode(user, "game", "node-2").join();
		await().untilAsserted(() -> {
			assertThat(b.gateOf(user).join()).isEmpty();
			assertThat(b.nodeOf(user, "game").join()).isEmpty();
		});
		// the cache learnt those values from the announcements: a change nobody announces stays unseen
		raw.opsForValue().set(schema.gateKey(user), "sneaked-in");
		assertThat(b.gateOf(user).join()).isEmpty();
	}

	@Test
	void anInstanceReadsItsOwnChangesAtOnce() {
		long user = newUser();
		assertThat(a.gateOf(user).join()).isEmpty();
		assertThat(a.nodeOf(user, "game").join()).isEmpty();
		a.bindGate(user, "gate-1").join();
		a.bindNode(user, "game", "node-1").join();
		assertThat(a.gateOf(user).join()).contains("gate-1");
		assertThat(a.nodeOf(user, "game").join()).contains("node-1");
		a.unbindGate(user, "gate-1").join();
		assertThat(a.gateOf(user).join()).isEmpty();
	}

	@Test
	void subscribersHearEveryChangeInOrder() throws Exception {
		long user = newUser();
		List<LocatorEvent> heard = new CopyOnWriteArrayList<>();
		try (AutoCloseable subscription = b.subscribe((event) -> {
			if (event.userId() == user) {
				heard.add(event);
			}
		})) {
			a.bindGate(user, "gate-1").join();
			a.bindGate(user, "gate-1").join();
			a.bindNode(user, "game", "node-1").join();
			a.bindNode(user, "game", "node-1").join();
			a.unbindNode(user, "game", "node-9").join();
			b.bindGate(user, "gate-2").join();
			a.unbindGate(user, "gate-1").join();
			a.unbindNode(user, "game", "node-1").join();
			b.unbindGate(user, "gate-2").join();
			await().until(() -> heard.size() >= 5);
			assertThat(heard).containsExactly(new LocatorEvent(Type.GATE_BOUND, user, null, "gate-1"),
					new LocatorEvent(Type.NODE_BOUND, user, "game", "node-1"),
					new LocatorEvent(Type.GATE_BOUND, user, null, "gate-2"),
					new LocatorEvent(Type.NODE_UNBOUND, user, "game", "node-1"),
					new LocatorEvent(Type.GATE_UNBOUND, user, null, "gate-2"));
		}
	}

	@Test
	void aClosedSubscriptionHearsNothingMore() throws Exception {
		long user = newUser();
		List<LocatorEvent> closed = new CopyOnWriteArrayList<>();
		List<LocatorEvent> open = new CopyOnWriteArrayList<>();
		AutoCloseable first = b.subscribe((event) -> {
			if (event.userId() == user) {
				closed.add(event);
			}
		});
		try (AutoCloseable second = b.subscribe((event) -> {
			if (event.userId() == user) {
				open.add(event);
			}
		})) {
			a.bindGate(user, "gate-1").join();
			await().until(() -> closed.size() == 1 && open.size() == 1);
			first.close();
			a.bindGate(user, "gate-2").join();
			await().until(() -> open.size() == 2);
			assertThat(closed).hasSize(1);
		}
	}

	@Test
	void aFailingSubscriberDoesNotStopTheOthers() throws Exception {
		long user = newUser();
		List<LocatorEvent> heard = new CopyOnWriteArrayList<>();
		try (AutoCloseable failing = b.subscribe((event) -> {
			throw new IllegalStateException("listener failure");
		}); AutoCloseable listening = b.subscribe((event) -> {
			if (event.userId() == user) {
				heard.add(event);
			}
		})) {
			a.bindGate(user, "gate-1").join();
			await().until(() -> heard.size() == 1);
			assertThat(b.gateOf(user).join()).contains("gate-1");
		}
	}

}
