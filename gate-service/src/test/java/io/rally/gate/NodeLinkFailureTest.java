package io.rally.gate;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.Locator;
import io.rally.cluster.RouteInfo;
import io.rally.cluster.grpc.GrpcClusterAutoConfiguration;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.gate.autoconfigure.GateAutoConfiguration;
import io.rally.gate.internal.dispatch.Dispatcher;
import io.rally.gate.internal.tcp.TcpGateServer;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster-mode gate whose gRPC link to a node fails with requests queued on it answers them
 * as it answers every packet it could not deliver: an error packet to a client that opted in,
 * nothing to one that did not, and a count in {@code rally.gate.messages.dropped}.
 */
class NodeLinkFailureTest {

	private static final int ON_NODE_A = 10;

	private static final int ON_NODE_B = 11;

	private static final String NO_NODE = "{\"code\":503,\"message\":\"no node available\"}";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClusterAutoConfiguration.class, GateAutoConfiguration.class))
		.withUserConfiguration(Cluster.class)
		.withPropertyValues("rally.mode=cluster", "rally.gate.id=gate-1", "rally.gate.tcp.host=127.0.0.1",
				"rally.gate.tcp.port=0", "rally.gate.ws.enabled=false", "rally.cluster.grpc.host=127.0.0.1",
				"rally.cluster.grpc.reconnect-grace=200ms", "rally.cluster.grpc.reconnect-initial-backoff=20ms",
				"rally.cluster.grpc.reconnect-max-backoff=50ms");

	@Test
	void requestsLostOnTheLinkGoThroughTheGatesRejectPath() {
		this.runner.run((context) -> {
			InMemoryRegistry registry = context.getBean(InMemoryRegistry.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			Dispatcher dispatcher = context.getBean(Dispatcher.class);
			int port = context.getBean(TcpGateServer.class).port();
			try (TcpTestClient optedIn = TcpTestClient.connect(port); TcpTestClient plain = TcpTestClient.connect(port)) {
				await().until(() -> context.getBean(SessionManager.class).connectionCount() == 2);
				// Registered, but gone: the gate's streams to them never open, and what waits on a
				// stream fails once the reconnect grace is over. Registered after the clients
				// connected, so that no session event opens their streams.
				registry.register(goneNode("node-a", ON_NODE_A));
				registry.register(goneNode("node-b", ON_NODE_B));
				await().until(() -> dispatcher.routes().find(ON_NODE_A) != null
						&& dispatcher.routes().find(ON_NODE_B) != null);
				// Each is the first message on its node's stream, so the stream takes and holds it.
				optedIn.send(new Packet(ON_NODE_A, 7, new byte[0], Packet.EXT_ERROR));
				plain.send(new Packet(ON_NODE_B, 8, new byte[0]));

				Packet error = optedIn.readPacket();
				assertThat(error.isError()).isTrue();
				assertThat(error.route()).isEqualTo(ON_NODE_A);
				assertThat(error.seq()).isEqualTo(7);
				assertThat(TcpTestClient.text(error)).isEqualTo(NO_NODE);
				await().until(() -> dropped(meters, GateMetrics.DROP_LINK_FAILED) == 2);
				assertThat(dropped(meters, GateMetrics.DROP_DELIVERY_FAILED)).isZero();
				assertThat(Meters.count(meters, "rally.cluster.grpc.messages.failed", "reason", "expired"))
					.isEqualTo(2);
				// The node in this JVM answers on the gate's own return path; nothing came before.
				assertThat(TcpTestClient.text(plain.request(TestNode.ECHO, 9, "still here"))).isEqualTo("still here");
			}
		});
	}

	private static double dropped(MeterRegistry meters, String reason) {
		return Meters.count(meters, GateMetrics.MESSAGES_DROPPED, "reason", reason);
	}

	private static InstanceInfo goneNode(String id, int route) throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return new InstanceInfo(id, InstanceKind.NODE, "g", InstanceState.WORK, 1,
					"127.0.0.1:" + socket.getLocalPort(), List.of(new RouteInfo(route, false, false, false)));
		}
	}

	/** The registry and locator in memory, and a {@link TestNode} exported in the gate's JVM. */
	@Configuration(proxyBeanMethods = false)
	static class Cluster {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		InMemoryRegistry registry() {
			return new InMemoryRegistry();
		}

		@Bean
		InMemoryLocator locator() {
			return new InMemoryLocator();
		}

		@Bean
		TestNode testNode(InMemoryRegistry registry, ClusterTransport transport, Locator locator,
				EndpointExporter exporter) {
			TestNode node = new TestNode(registry, transport, locator);
			exporter.exportNode(TestNode.ID, node);
			registry.register(TestNode.info());
			return node;
		}

	}

}
