package io.rally.gate.internal.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.event.ClusterEvent.UserBoundToNode;
import io.rally.cluster.local.InMemoryClusterEventBus;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Moving users off a node, in standalone mode's in-memory locator and event bus, with two
 * gates in one JVM.
 */
class DefaultGateOperationsTest {

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final InMemoryLocator locator = new InMemoryLocator();

	private final LocalTransport transport = new LocalTransport();

	private final InMemoryClusterEventBus events = new InMemoryClusterEventBus(this.registry, this.locator, 1000);

	private final List<EmbeddedChannel> channels = new ArrayList<>();

	private final List<UserBoundToNode> bound = new CopyOnWriteArrayList<>();

	private SessionManager gateA;

	private SessionManager gateB;

	private DefaultGateOperations operationsA;

	private DefaultGateOperations operationsB;

	@BeforeEach
	void start() throws Exception {
		this.registry.register(node("node-1", "battle", InstanceState.WORK));
		this.registry.register(node("node-2", "battle", InstanceState.WORK));
		this.registry.register(node("node-3", "battle", InstanceState.WORK));
		this.registry.register(node("lobby-1", "lobby", InstanceState.WORK));
		this.registry.register(node("stopping", "battle", InstanceState.SHUT));
		GateMetrics metrics = new GateMetrics(new SimpleMeterRegistry());
		this.gateA = new SessionManager("gate-a", this.registry, this.locator, this.transport, metrics, 5000);
		this.gateB = new SessionManager("gate-b", this.registry, this.locator, this.transport, metrics, 5000);
		this.transport.exportGate("gate-a", this.gateA);
		this.transport.exportGate("gate-b", this.gateB);
		this.operationsA = new DefaultGateOperations(this.gateA, this.registry, this.locator, this.events);
		this.operationsB = new DefaultGateOperations(this.gateB, this.registry, this.locator, this.events);
		this.events.subscribe(UserBoundToNode.class, this.bound::add);
	}

	@AfterEach
	void stop() throws Exception {
		this.operationsA.close();
		this.operationsB.close();
		this.events.close();
		this.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
	}

	@Test
	void movesTheUsersOfThisGateBoundToTheNode() {
		login(this.gateA, 1, "node-1");
		login(this.gateA, 2, "node-1");
		login(this.gateA, 3, "node-3");
		login(this.gateB, 4, "node-1");

		assertThat(this.operationsA.moveUsers("node-1", "node-2").join()).isEqualTo(2);

		assertThat(nodeOf(1)).contains("node-2");
		assertThat(nodeOf(2)).contains("node-2");
		assertThat(nodeOf(3)).contains("node-3");
		// another gate's user: that gate moves its own
		assertThat(nodeOf(4)).contains("node-1");
		await().until(() -> this.bound.stream().filter((event) -> event.nodeId().equals("node-2")).count() == 2);
	}

	@Test
	void moveUsersEverywhereMovesTheUsersOfEveryGate() {
		login(this.gateA, 1, "node-1");
		login(this.gateB, 2, "node-1");
		login(this.gateB, 3, "node-3");

		this.operationsA.moveUsersEverywhere("node-1", "node-2");

		await().until(() -> nodeOf(1).equals(Optional.of("node-2")) && nodeOf(2).equals(Optional.of("node-2")));
		assertThat(nodeOf(3)).contains("node-3");
	}

	@Test
	void usersOfANodeThatIsGoneCanBeMoved() {
		login(this.gateA, 1, "crashed");

		assertThat(this.operationsA.moveUsers("crashed", "node-2").join()).isEqualTo(1);
		assertThat(nodeOf(1)).contains("node-2");
	}

	@Test
	void refusesTargetsThatCannotTakeTheUsers() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.operationsA.moveUsers("node-1", "unknown"))
			.withMessageContaining("'unknown'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.operationsA.moveUsers("node-1", "stopping"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.operationsA.moveUsers("node-1", "node-1"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.operationsA.moveUsers("node-1", "lobby-1"))
			.withMessageContaining("group");
		DefaultGateOperations withoutBus = new DefaultGateOperations(this.gateA, this.registry, this.locator, null);
		assertThatIllegalStateException().isThrownBy(() -> withoutBus.moveUsersEverywhere("node-1", "node-2"));
	}

	private void login(SessionManager gate, long userId, String nodeId) {
		EmbeddedChannel channel = new EmbeddedChannel();
		this.channels.add(channel);
		long connectionId = gate.open(channel, "tcp").id();
		assertThat(gate.bindUser(connectionId, userId).join()).isTrue();
		this.locator.bindNode(userId, "battle", nodeId).join();
	}

	private Optional<String> nodeOf(long userId) {
		return this.locator.nodeOf(userId, "battle").join();
	}

	private static InstanceInfo node(String id, String group, InstanceState state) {
		return new InstanceInfo(id, InstanceKind.NODE, group, state, 1, "local", List.of());
	}

}
