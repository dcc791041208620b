package io.rally.node.internal.messaging;

import java.time.Duration;

import io.rally.cluster.local.InMemoryClusterEventBus;
import io.rally.cluster.local.InMemoryLocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user the locator rebinds to another node of the same group stops counting as bound here,
 * so that a drained node does not wait for users moved away from it.
 */
class RebindWatchTests {

	private final InMemoryLocator locator = new InMemoryLocator();

	private final InMemoryClusterEventBus events = new InMemoryClusterEventBus(null, this.locator, 100);

	private final BoundUsers boundUsers = new BoundUsers();

	private final RebindWatch watch = new RebindWatch(this.events, "node-1", "battle", this.boundUsers);

	@AfterEach
	void close() throws Exception {
		this.watch.close();
		this.events.close();
	}

	@Test
	void userBoundToAnotherNodeOfTheGroupLeaves() {
		this.locator.bindNode(1, "battle", "node-1").join();
		this.boundUsers.bound(1);
		this.locator.bindNode(2, "battle", "node-1").join();
		this.boundUsers.bound(2);
		// another group's binding of the same user does not move it
		this.locator.bindNode(2, "lobby", "lobby-1").join();

		this.locator.bindNode(1, "battle", "node-2").join();

		// events arrive in order: once user 1 left, the lobby binding of user 2 was heard too
		await().until(() -> this.boundUsers.count() == 1);
		this.locator.bindNode(2, "battle", "node-2").join();
		await().until(() -> this.boundUsers.count() == 0);
	}

	@Test
	void thisNodesOwnBindingsKeepTheUser() {
		this.boundUsers.bound(1);
		this.locator.bindNode(1, "battle", "node-1").join();
		this.boundUsers.bound(2);
		this.locator.bindNode(2, "battle", "node-2").join();

		// user 2's event came after user 1's
		await().until(() -> this.boundUsers.count() == 1);
		assertThat(this.boundUsers.awaitNone(Duration.ZERO)).isFalse();
	}

	@Test
	void withoutAnEventBusNothingChanges() throws Exception {
		try (RebindWatch none = new RebindWatch(null, "node-1", "battle", this.boundUsers)) {
			this.boundUsers.bound(1);
			assertThat(this.boundUsers.count()).isEqualTo(1);
		}
	}

}
