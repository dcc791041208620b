package io.rally.gate.internal.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.cluster.ClientMessage;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.SessionEvent;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.internal.metrics.GateMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Session events reach every node, and a node that cannot be told does not stop the others. */
class SessionEventFanoutTest {

	private final InMemoryRegistry registry = new InMemoryRegistry();

	private final LocalTransport transport = new LocalTransport();

	private final SessionEventFanout fanout = new SessionEventFanout("gate-a", this.registry, this.transport);

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final Session session = new ConnectionRegistry(new GateMetrics(new SimpleMeterRegistry()), 5000)
		.open(this.channel, "ws");

	@AfterEach
	void release() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void everyNodeHearsOfTheSessionAndItsUser() {
		List<SessionEvent> one = node("node-1");
		List<SessionEvent> two = node("node-2");
		this.fanout.announce(SessionEvent.Type.RECONNECT, this.session, 42);
		SessionEvent expected = new SessionEvent(SessionEvent.Type.RECONNECT, "gate-a", this.session.id(), 42,
				this.session.clientIp());
		assertThat(one).containsExactly(expected);
		assertThat(two).containsExactly(expected);
	}

	@Test
	void aNodeThatCannotBeToldIsSkipped() {
		register("unreachable");
		List<SessionEvent> reachable = node("node-1");
		this.fanout.announce(SessionEvent.Type.CONNECT, this.session, 0);
		assertThat(reachable).extracting(SessionEvent::type).containsExactly(SessionEvent.Type.CONNECT);
	}

	private List<SessionEvent> node(String id) {
		List<SessionEvent> events = new CopyOnWriteArrayList<>();
		this.transport.exportNode(id, new NodeEndpoint() {
			@Override
			public void deliver(ClientMessage message) {
			}

			@Override
			public void sessionEvent(SessionEvent event) {
				events.add(event);
			}

			@Override
			public CompletableFuture<Void> ping() {
				return CompletableFuture.completedFuture(null);
			}
		});
		register(id);
		return events;
	}

	private void register(String id) {
		this.registry.register(new InstanceInfo(id, InstanceKind.NODE, "g", InstanceState.WORK, 1, "local", List.of()));
	}

}
