package io.rally.cluster.local;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.rally.cluster.event.ClusterEvent.UserEvent;
import io.rally.cluster.event.ClusterEvent.UserOffline;
import io.rally.cluster.event.ClusterEvent.UserOnline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryLocatorTest {

	private final InMemoryLocator locator = new InMemoryLocator();

	@Test
	void bindGateReturnsThePreviousOtherGate() {
		assertThat(this.locator.gateOf(1).join()).isEmpty();
		assertThat(this.locator.bindGate(1, "gate-a").join().previousGate()).isEmpty();
		assertThat(this.locator.gateOf(1).join()).contains("gate-a");
		assertThat(this.locator.bindGate(1, "gate-a").join().previousGate()).isEmpty();
		assertThat(this.locator.bindGate(1, "gate-b").join().previousGate()).contains("gate-a");
		assertThat(this.locator.gateOf(1).join()).contains("gate-b");
		assertThat(this.locator.gateOf(2).join()).isEmpty();
	}

	@Test
	void everyLoginOfAUserTakesAGreaterEpochThanTheOnesBefore() {
		assertThat(this.locator.bindGate(1, "gate-a").join().epoch()).isEqualTo(1);
		assertThat(this.locator.bindGate(1, "gate-b").join().epoch()).isEqualTo(2);
		assertThat(this.locator.bindGate(1, "gate-b").join().epoch()).isEqualTo(3);
		assertThat(this.locator.bindGate(2, "gate-a").join().epoch()).isEqualTo(1);
		// Unbinding does not reset the counter: a later login still gets a greater epoch.
		assertThat(this.locator.unbindGate(1, "gate-b").join()).isTrue();
		assertThat(this.locator.bindGate(1, "gate-a").join().epoch()).isEqualTo(4);
	}

	@Test
	void concurrentLoginsOfOneUserTakeDistinctEpochs() throws Exception {
		int logins = 2000;
		List<Long> epochs = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			for (int i = 0; i < logins; i++) {
				String gate = "gate-" + (i % 3);
				pool.execute(() -> epochs.add(this.locator.bindGate(1, gate).join().epoch()));
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(epochs).hasSize(logins).doesNotHaveDuplicates();
		assertThat(epochs).allMatch((epoch) -> epoch >= 1 && epoch <= logins);
	}

	@Test
	void unbindGateOnlyIfTheGateStillMatches() {
		this.locator.bindGate(1, "gate-a").join();
		this.locator.bindGate(1, "gate-b").join();
		assertThat(this.locator.unbindGate(1, "gate-a").join()).isFalse();
		assertThat(this.locator.gateOf(1).join()).contains("gate-b");
		assertThat(this.locator.unbindGate(1, "gate-b").join()).isTrue();
		assertThat(this.locator.gateOf(1).join()).isEmpty();
		assertThat(this.locator.unbindGate(1, "gate-b").join()).isFalse();
	}

	@Test
	void nodesAreBoundPerGroup() {
		this.locator.bindNode(1, "lobby", "node-1").join();
		this.locator.bindNode(1, "battle", "node-2").join();
		assertThat(this.locator.nodeOf(1, "lobby").join()).contains("node-1");
		assertThat(this.locator.nodeOf(1, "battle").join()).contains("node-2");
		assertThat(this.locator.nodeOf(2, "lobby").join()).isEqualTo(Optional.empty());
		this.locator.bindNode(1, "lobby", "node-3").join();
		assertThat(this.locator.nodeOf(1, "lobby").join()).contains("node-3");
	}

	@Test
	void unbindNodeOnlyIfTheNodeStillMatches() {
		this.locator.bindNode(1, "lobby", "node-1").join();
		assertThat(this.locator.unbindNode(1, "lobby", "node-2").join()).isFalse();
		assertThat(this.locator.unbindNode(1, "battle", "node-1").join()).isFalse();
		assertThat(this.locator.nodeOf(1, "lobby").join()).contains("node-1");
		assertThat(this.locator.unbindNode(1, "lobby", "node-1").join()).isTrue();
		assertThat(this.locator.nodeOf(1, "lobby").join()).isEmpty();
	}

	@Test
	void subscribersHearChangesOnTheChangingThreadUntilTheyLeave() throws Exception {
		List<UserEvent> heard = new CopyOnWriteArrayList<>();
		this.locator.subscribe((event) -> {
			throw new IllegalStateException("subscriber failure expected by the test");
		});
		AutoCloseable subscription = this.locator.subscribe(heard::add);
		this.locator.bindGate(1, "gate-a").join();
		this.locator.bindGate(1, "gate-a").join();
		this.locator.unbindGate(1, "gate-b").join();
		this.locator.unbindGate(1, "gate-a").join();
		assertThat(heard).containsExactly(new UserOnline(1, "gate-a"), new UserOffline(1, "gate-a"));
		subscription.close();
		this.locator.bindGate(1, "gate-a").join();
		assertThat(heard).hasSize(2);
		assertThat(this.locator.gateOf(1).join()).contains("gate-a");
	}

}
