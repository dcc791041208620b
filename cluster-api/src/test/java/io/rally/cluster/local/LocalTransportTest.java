package io.rally.cluster.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class LocalTransportTest {

	private final LocalTransport transport = new LocalTransport();

	@Test
	void exportedEndpointsAreReachedDirectly() {
		RecordingNode node = new RecordingNode();
		StubGate gate = new StubGate();
		this.transport.exportNode("node-1", node);
		this.transport.exportGate("gate-1", gate);
		assertThat(this.transport.node(InMemoryRegistryTest.node("node-1"))).isSameAs(node);
		assertThat(this.transport.gate(InMemoryRegistryTest.gate("gate-1"))).isSameAs(gate);
		ClientMessage message = new ClientMessage("gate-1", 3, 0, "127.0.0.1", 1, 7, new byte[] { 1 }, null);
		this.transport.node(InMemoryRegistryTest.node("node-1")).deliver(message);
		assertThat(node.messages).containsExactly(message);
		assertThat(message.authenticated()).isFalse();
	}

	@Test
	void unknownInstanceIsAClearError() {
		assertThatIllegalStateException().isThrownBy(() -> this.transport.node(InMemoryRegistryTest.node("node-9")))
			.withMessageContaining("node-9")
			.withMessageContaining("NODE")
			.withMessageContaining("standalone");
		assertThatIllegalStateException().isThrownBy(() -> this.transport.gate(InMemoryRegistryTest.gate("gate-9")))
			.withMessage("No local endpoint for GATE instance 'gate-9'; standalone mode reaches only instances in "
					+ "this JVM");
	}

	@Test
	void unexportRemovesTheEndpoint() {
		this.transport.exportNode("node-1", new RecordingNode());
		this.transport.exportGate("gate-1", new StubGate());
		this.transport.unexport("node-1");
		this.transport.unexport("gate-1");
		assertThatIllegalStateException().isThrownBy(() -> this.transport.node(InMemoryRegistryTest.node("node-1")));
		assertThatIllegalStateException().isThrownBy(() -> this.transport.gate(InMemoryRegistryTest.gate("gate-1")));
	}

	@Test
	void aNodeIsNotReachableAsAGate() {
		this.transport.exportNode("x", new RecordingNode());
		assertThatIllegalStateException().isThrownBy(() -> this.transport.gate(InMemoryRegistryTest.gate("x")));
	}

	private static final class RecordingNode implements NodeEndpoint {

		final List<ClientMessage> messages = new ArrayList<>();

		@Override
		public void deliver(ClientMessage message) {
			this.messages.add(message);
		}

		@Override
		public void sessionEvent(SessionEvent event) {
		}

		@Override
		public CompletableFuture<Void> ping() {
			return CompletableFuture.completedFuture(null);
		}

	}

	private static final class StubGate implements GateEndpoint {

		@Override
		public CompletableFuture<Boolean> bindUser(long connectionId, long userId) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Boolean> unbindUser(long userId) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Boolean> pushToConnection(long connectionId, Packet packet) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Boolean> pushToUser(long userId, Packet packet) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Integer> multicast(Collection<Long> userIds, Packet packet) {
			return CompletableFuture.completedFuture(0);
		}

		@Override
		public CompletableFuture<Integer> broadcast(Packet packet) {
			return CompletableFuture.completedFuture(0);
		}

		@Override
		public CompletableFuture<Boolean> disconnectConnection(long connectionId, String reason) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Boolean> disconnectUser(long userId, String reason) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Boolean> evictDuplicateLogin(long userId, long epoch) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Boolean> isOnline(long userId) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Long> onlineCount() {
			return CompletableFuture.completedFuture(0L);
		}

		@Override
		public CompletableFuture<Boolean> subscribe(String channel, long userId) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Boolean> unsubscribe(String channel, long userId) {
			return CompletableFuture.completedFuture(false);
		}

		@Override
		public CompletableFuture<Integer> publish(String channel, Packet packet) {
			return CompletableFuture.completedFuture(0);
		}

	}

}
