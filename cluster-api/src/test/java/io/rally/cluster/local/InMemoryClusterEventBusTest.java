package io.rally.cluster.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryClusterEventBusTest {

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final InMemoryLocator locator = new InMemoryLocator();

	private InMemoryClusterEventBus bus = new InMemoryClusterEventBus(this.registry, this.locator, 100);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.release.countDown();
		this.bus.close();
	}

	@Test
	void typedSubscribersGetTheirTypeOnly() throws Exception {
		BlockingQueue<UserOnline> online = new LinkedBlockingQueue<>();
		BlockingQueue<UserEvent> users = new LinkedBlockingQueue<>();
		BlockingQueue<ClusterEvent> all = new LinkedBlockingQueue<>();
		this.bus.subscribe(UserOnline.class, online::add);
		this.bus.subscribe(UserEvent.class, users::add);
		this.bus.subscribe(ClusterEvent.class, all::add);
		this.locator.bindGate(7, "gate-1").join();
		this.locator.bindNode(7, "lobby", "node-1").join();
		this.bus.publish("chat", bytes("hi"));
		assertThat(take(online, 1)).containsExactly(new UserOnline(7, "gate-1"));
		assertThat(take(users, 2)).containsExactly(new UserOnline(7, "gate-1"), new UserBoundToNode(7, "lobby", "node-1"));
		assertThat(take(all, 3)).containsExactly(new UserOnline(7, "gate-1"), new UserBoundToNode(7, "lobby", "node-1"),
				new CustomEvent("chat", bytes("hi")));
		assertThat(online).isEmpty();
		assertThat(users).isEmpty();
	}

	@Test
	void topicSubscribersGetTheirTopicOnly() throws Exception {
		BlockingQueue<CustomEvent> chat = new LinkedBlockingQueue<>();
		BlockingQueue<CustomEvent> custom = new LinkedBlockingQueue<>();
		this.bus.subscribe("chat", chat::add);
		this.bus.subscribe(CustomEvent.class, custom::add);
		this.bus.publish("score", bytes("1"));
		this.bus.publish("chat", bytes("hi"));
		assertThat(take(custom, 2)).containsExactly(new CustomEvent("score", bytes("1")),
				new CustomEvent("chat", bytes("hi")));
		assertThat(take(chat, 1)).containsExactly(new CustomEvent("chat", bytes("hi")));
		assertThat(chat).isEmpty();
	}

	@Test
	void publishCopiesThePayload() throws Exception {
		BlockingQueue<CustomEvent> chat = new LinkedBlockingQueue<>();
		this.bus.subscribe("chat", chat::add);
		byte[] payload = bytes("hi");
		this.bus.publish("chat", payload);
		payload[0] = 'X';
		assertThat(take(chat, 1)).containsExactly(new CustomEvent("chat", bytes("hi")));
	}

	@Test
	void rejectsInvalidTopics() {
		for (String topic : new String[] { "", "a b", "line\nbreak", "ü", "x".repeat(129), null }) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.bus.publish(topic, new byte[0]));
			assertThatIllegalArgumentException().isThrownBy(() -> this.bus.subscribe(topic, (event) -> {
			}));
		}
		this.bus.publish("a-Z_0.9:" + "x".repeat(120), new byte[0]);
	}

	@Test
	void aClosedSubscriptionHearsNothingMore() throws Exception {
		BlockingQueue<CustomEvent> closed = new LinkedBlockingQueue<>();
		BlockingQueue<CustomEvent> witness = new LinkedBlockingQueue<>();
		AutoCloseable subscription = this.bus.subscribe("chat", closed::add);
		this.bus.publish("chat", bytes("1"));
		assertThat(take(closed, 1)).hasSize(1);
		subscription.close();
		this.bus.subscribe("chat", witness::add);
		this.bus.publish("chat", bytes("2"));
		assertThat(take(witness, 1)).hasSize(1);
		assertThat(closed).isEmpty();
	}

	@Test
	void eventsOfOneSourceArriveInOrder() throws Exception {
		BlockingQueue<ClusterEvent> events = new LinkedBlockingQueue<>();
		this.bus = new InMemoryClusterEventBus(this.registry, this.locator, 10_000);
		this.bus.subscribe(ClusterEvent.class, events::add);
		List<ClusterEvent> expected = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			this.bus.publish("seq", bytes(Integer.toString(i)));
			expected.add(new CustomEvent("seq", bytes(Integer.toString(i))));
		}
		assertThat(take(events, 2000)).containsExactlyElementsOf(expected);
		expected.clear();
		for (int user = 0; user < 500; user++) {
			this.locator.bindGate(user, "gate-1");
			this.locator.unbindGate(user, "gate-1");
			expected.add(new UserOnline(user, "gate-1"));
			expected.add(new UserOffline(user, "gate-1"));
		}
		assertThat(take(events, 1000)).containsExactlyElementsOf(expected);
	}

	@Test
	void aBlockedListenerDoesNotHoldUpOthers() throws Exception {
		CountDownLatch blocked = new CountDownLatch(1);
		this.bus.subscribe("chat", (event) -> {
			blocked.countDown();
			await(this.release);
		});
		this.bus.publish("chat", bytes("first"));
		assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
		BlockingQueue<CustomEvent> others = new LinkedBlockingQueue<>();
		this.bus.subscribe("chat", others::add);
		for (int i = 0; i < 50; i++) {
			this.bus.publish("chat", bytes(Integer.toString(i)));
		}
		assertThat(take(others, 50)).hasSize(50);
	}

	@Test
	void aThrowingListenerKeepsItsSubscriptionAndHoldsUpNobody() throws Exception {
		BlockingQueue<CustomEvent> thrower = new LinkedBlockingQueue<>();
		BlockingQueue<CustomEvent> others = new LinkedBlockingQueue<>();
		this.bus.subscribe("chat", (event) -> {
			thrower.add(event);
			throw new IllegalStateException("listener failure expected by the test");
		});
		this.bus.subscribe("chat", others::add);
		this.bus.publish("chat", bytes("1"));
		this.bus.publish("chat", bytes("2"));
		assertThat(take(others, 2)).hasSize(2);
		assertThat(take(thrower, 2)).hasSize(2);
	}

	@Test
	void aFullQueueDropsAndCountsEventsForItsSubscriptionOnly() throws Exception {
		this.bus = new InMemoryClusterEventBus(null, null, 4);
		CountDownLatch blocked = new CountDownLatch(1);
		this.bus.subscribe("chat", (event) -> {
			blocked.countDown();
			await(this.release);
		});
		BlockingQueue<CustomEvent> others = new LinkedBlockingQueue<>();
		this.bus.publish("chat", bytes("first"));
		assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
		this.bus.subscribe("chat", others::add);
		for (int i = 0; i < 10; i++) {
			this.bus.publish("chat", bytes(Integer.toString(i)));
			take(others, 1);
		}
		assertThat(this.bus.droppedEvents()).isEqualTo(6);
	}

	@Test
	void instanceEventsAreDerivedFromTheRegistry() throws Exception {
		this.bus.close();
		InstanceInfo before = node("node-0", InstanceState.WORK);
		this.registry.register(before);
		BlockingQueue<InstanceEvent> events = new LinkedBlockingQueue<>();
		this.bus = new InMemoryClusterEventBus(this.registry, null, 100);
		this.bus.subscribe(InstanceEvent.class, events::add);
		InstanceInfo node = node("node-1", InstanceState.WORK);
		this.registry.register(node);
		this.registry.register(node.withState(InstanceState.BUSY));
		this.registry.register(new InstanceInfo("node-1", InstanceKind.NODE, "lobby", InstanceState.BUSY, 5, "local",
				List.of()));
		this.registry.deregister("node-1");
		InstanceInfo gate = new InstanceInfo("gate-1", InstanceKind.GATE, "", InstanceState.WORK, 1, "local", List.of());
		this.registry.register(gate);
		assertThat(take(events, 4)).containsExactly(new InstanceJoined(node),
				new InstanceStateChanged(node, node.withState(InstanceState.BUSY)),
				new InstanceLeft(new InstanceInfo("node-1", InstanceKind.NODE, "lobby", InstanceState.BUSY, 5, "local",
						List.of())),
				new InstanceJoined(gate));
	}

	@Test
	void aClosedBusObservesNoMore() throws Exception {
		BlockingQueue<ClusterEvent> events = new LinkedBlockingQueue<>();
		this.bus.subscribe(ClusterEvent.class, events::add);
		this.bus.close();
		this.locator.bindGate(1, "gate-1");
		this.registry.register(node("node-1", InstanceState.WORK));
		this.bus.publish("chat", bytes("late"));
		InMemoryClusterEventBus witness = new InMemoryClusterEventBus(this.registry, this.locator, 10);
		BlockingQueue<ClusterEvent> witnessed = new LinkedBlockingQueue<>();
		witness.subscribe(ClusterEvent.class, witnessed::add);
		this.locator.unbindGate(1, "gate-1");
		assertThat(take(witnessed, 1)).containsExactly(new UserOffline(1, "gate-1"));
		witness.close();
		assertThat(events).isEmpty();
	}

	@Test
	void userEventsMirrorTheLocatorsChanges() throws Exception {
		BlockingQueue<UserEvent> events = new LinkedBlockingQueue<>();
		this.bus.subscribe(UserEvent.class, events::add);
		this.locator.bindGate(1, "gate-1");
		this.locator.bindGate(1, "gate-1");
		this.locator.bindGate(1, "gate-2");
		this.locator.unbindGate(1, "gate-1");
		this.locator.bindNode(1, "lobby", "node-1");
		this.locator.bindNode(1, "lobby", "node-1");
		this.locator.unbindNode(1, "lobby", "node-2");
		this.locator.unbindNode(1, "lobby", "node-1");
		this.locator.unbindGate(1, "gate-2");
		assertThat(take(events, 5)).containsExactly(new UserOnline(1, "gate-1"), new UserOnline(1, "gate-2"),
				new UserBoundToNode(1, "lobby", "node-1"), new UserUnboundFromNode(1, "lobby", "node-1"),
				new UserOffline(1, "gate-2"));
	}

	private static InstanceInfo node(String id, InstanceState state) {
		return new InstanceInfo(id, InstanceKind.NODE, "lobby", state, 1, "local", List.of());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// Waits for each of n events, failing after 10 s without one.
	private static <T> List<T> take(BlockingQueue<T> queue, int n) throws InterruptedException {
		List<T> taken = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			T next = queue.poll(10, TimeUnit.SECONDS);
			assertThat(next).as("event %d of %d", i + 1, n).isNotNull();
			taken.add(next);
		}
		return taken;
	}

}
