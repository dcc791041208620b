package io.rally.gate.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.api.GateServer;
import io.rally.gate.api.HeartbeatMechanism;
import io.rally.gate.api.dispatch.NodeSelector;
import io.rally.gate.internal.GateChannelSettings;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.gate.internal.tcp.TcpGateServer;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@link GateAutoConfiguration} creates, what it leaves to the application, and how it
 * fails when the application leaves out what it needs.
 */
class GateAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GateAutoConfiguration.class))
		.withPropertyValues("rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0", "rally.gate.ws.host=127.0.0.1",
				"rally.gate.ws.port=0");

	private final ApplicationContextRunner standalone = this.runner.withUserConfiguration(Standalone.class);

	@Test
	void startsBothTransportsAndRegistersTheGate() {
		this.standalone.withPropertyValues("rally.gate.id=gate-a").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(GateServer.class).values()).extracting(GateServer::transport)
				.containsExactlyInAnyOrder("tcp", "ws");
			assertThat(context.getBeansOfType(GateServer.class).values()).allMatch(GateServer::isRunning);
			assertThat(context.getBean(InMemoryRegistry.class).instances(InstanceKind.GATE))
				.singleElement()
				.satisfies((gate) -> {
					assertThat(gate.id()).isEqualTo("gate-a");
					assertThat(gate.endpoint()).isEqualTo("local");
				});
			assertThat(context.getBean(LocalTransport.class).gate(
					context.getBean(InMemoryRegistry.class).instances(InstanceKind.GATE).get(0)))
				.isSameAs(context.getBean(SessionManager.class));
		});
	}

	@Test
	void stoppingTheGateRefusesTrafficAndLeavesLivenessAlone() {
		this.standalone.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
			.run((context) -> {
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);

				context.stop();

				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
				assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
			});
	}

	@Test
	void deregistersTheGateWhenTheContextCloses() {
		InMemoryRegistry registry = new InMemoryRegistry();
		this.runner.withBean(InMemoryRegistry.class, () -> registry)
			.withBean(InMemoryLocator.class)
			.withBean(LocalTransport.class)
			.run((context) -> assertThat(registry.instances(InstanceKind.GATE)).hasSize(1));
		assertThat(registry.instances(InstanceKind.GATE)).isEmpty();
	}

	@Test
	void closesConnectionsOnShutdown() throws Exception {
		AtomicReference<TcpTestClient> client = new AtomicReference<>();
		AtomicReference<MeterRegistry> meters = new AtomicReference<>();
		this.standalone.run((context) -> {
			int port = context.getBean(TcpGateServer.class).port();
			client.set(TcpTestClient.connect(port));
			meters.set(context.getBean(GateMetrics.class).registry());
			await().until(() -> context.getBean(SessionManager.class).connectionCount() == 1);
		});
		try (TcpTestClient closed = client.get()) {
			assertThat(closed.isClosedByPeer()).isTrue();
		}
		assertThat(Meters.count(meters.get(), GateMetrics.CONNECTIONS_CLOSED, "reason", "shutdown")).isEqualTo(1);
	}

	@Test
	void bindsProperties() {
		this.standalone
			.withPropertyValues("rally.gate.heartbeat.interval=3s", "rally.gate.heartbeat.mechanism=tick",
					"rally.gate.heartbeat.time-unit=nanoseconds", "rally.gate.heartbeat.with-time=true",
					"rally.gate.authorize-timeout=15s", "rally.gate.outbound.max-pending=256KB",
					"rally.gate.protocol.route-bytes=4", "rally.gate.protocol.max-payload=10KB")
			.run((context) -> {
				GateChannelSettings settings = context.getBean(GateChannelSettings.class);
				assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.heartbeatMechanism()).isEqualTo(HeartbeatMechanism.TICK);
				assertThat(settings.heartbeatTimeUnit()).isEqualTo(java.util.concurrent.TimeUnit.NANOSECONDS);
				assertThat(settings.heartbeatWithTime()).isTrue();
				assertThat(settings.authorizeTimeout()).isEqualTo(Duration.ofSeconds(15));
				assertThat(settings.maxPendingBytes()).isEqualTo(256 * 1024);
				assertThat(settings.codec().settings().routeBytes()).isEqualTo(4);
				assertThat(settings.codec().settings().maxPayloadBytes()).isEqualTo(10 * 1024);
			});
	}

	@Test
	void defaultsFollowDue() {
		GateProperties properties = new GateProperties();
		assertThat(properties.getTcp().getPort()).isEqualTo(3553);
		assertThat(properties.getWs().getPort()).isEqualTo(3554);
		assertThat(properties.getHeartbeat().getInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getMaxConnections()).isEqualTo(5000);
		assertThat(properties.getId()).startsWith("gate-");
		assertThat(properties.getWs().maxFrameBytes(properties.getProtocol().toSettings())).isEqualTo(4 + 5005);
	}

	@Test
	void guardsConnectionSlotsByDefault() {
		this.standalone.run((context) -> {
			GateChannelSettings settings = context.getBean(GateChannelSettings.class);
			// A client logs in right after connecting; one that does not is gone after 30 s.
			assertThat(settings.authorizeTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.perIp().isOff()).isFalse();
			assertThat(settings.proxies().enabled()).isFalse();
			assertThat(Meters.gauge(context.getBean(GateMetrics.class).registry(), GateMetrics.PER_IP_ADDRESSES))
				.isZero();
		});
		GateProperties.PerIp perIp = new GateProperties().getPerIp();
		assertThat(perIp.getMaxConnections()).isEqualTo(64);
		assertThat(perIp.getConnectionRate()).isEqualTo(20);
		assertThat(perIp.getConnectionBurst()).isEqualTo(64);
		assertThat(perIp.getMaxTracked()).isEqualTo(16384);
	}

	@Test
	void turnsThePerAddressLimitsOff() {
		this.standalone.withPropertyValues("rally.gate.per-ip.max-connections=0", "rally.gate.per-ip.connection-rate=0")
			.run((context) -> assertThat(context.getBean(GateChannelSettings.class).perIp().isOff()).isTrue());
	}

	@Test
	void bindsTheTrustedProxies() {
		this.standalone
			.withPropertyValues("rally.gate.proxy-protocol.enabled=true",
					"rally.gate.proxy-protocol.trusted-proxies=10.0.0.0/8,[fd00::]/8,192.0.2.1")
			.run((context) -> {
				var proxies = context.getBean(GateChannelSettings.class).proxies();
				assertThat(proxies.enabled()).isTrue();
				assertThat(proxies.trusts(new java.net.InetSocketAddress("10.200.1.2", 1))).isTrue();
				assertThat(proxies.trusts(new java.net.InetSocketAddress("fd12::1", 1))).isTrue();
				assertThat(proxies.trusts(new java.net.InetSocketAddress("192.0.2.1", 1))).isTrue();
				assertThat(proxies.trusts(new java.net.InetSocketAddress("192.0.2.2", 1))).isFalse();
				assertThat(proxies.trusts(new java.net.InetSocketAddress("11.0.0.1", 1))).isFalse();
			});
	}

	@Test
	void refusesToStartTheProxyProtocolWithoutTrustedProxies() {
		this.standalone.withPropertyValues("rally.gate.proxy-protocol.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("trusted proxies: none");
		});
		this.standalone
			.withPropertyValues("rally.gate.proxy-protocol.enabled=true",
					"rally.gate.proxy-protocol.trusted-proxies=0.0.0.0/0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("/0 would trust every");
			});
		this.standalone
			.withPropertyValues("rally.gate.proxy-protocol.enabled=true",
					"rally.gate.proxy-protocol.trusted-proxies=lb.example.com")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("names are not resolved");
			});
	}

	@Test
	void tcpCanBeDisabled() {
		this.standalone.withPropertyValues("rally.gate.tcp.enabled=false")
			.run((context) -> assertThat(context.getBeansOfType(GateServer.class).values())
				.extracting(GateServer::transport)
				.containsExactly("ws"));
	}

	@Test
	void wsCanBeDisabled() {
		this.standalone.withPropertyValues("rally.gate.ws.enabled=false")
			.run((context) -> assertThat(context.getBeansOfType(GateServer.class).values())
				.extracting(GateServer::transport)
				.containsExactly("tcp"));
	}

	@Test
	void userSuppliedBeansWin() {
		NodeSelector selector = (candidates) -> candidates.get(0);
		this.standalone.withBean(NodeSelector.class, () -> selector)
			.withBean(GateMetrics.class, () -> new GateMetrics(new SimpleMeterRegistry()))
			.run((context) -> {
				assertThat(context).hasSingleBean(NodeSelector.class);
				assertThat(context.getBean(NodeSelector.class)).isSameAs(selector);
				assertThat(context).hasSingleBean(GateMetrics.class);
			});
	}

	@Test
	void usesTheApplicationsMeterRegistry() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.standalone.withBean(MeterRegistry.class, () -> registry)
			.run((context) -> assertThat(context.getBean(GateMetrics.class).registry()).isSameAs(registry));
	}

	@Test
	void failsClearlyWithoutARegistry() {
		this.runner.withBean(InMemoryLocator.class).withBean(LocalTransport.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("needs a bean of type io.rally.cluster.InstanceRegistry");
		});
	}

	@Test
	void failsClearlyWithoutALocator() {
		this.runner.withBean(InMemoryRegistry.class).withBean(LocalTransport.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("needs a bean of type io.rally.cluster.Locator");
		});
	}

	@Test
	void rejectsProtocolSettingsTheWireCannotCarry() {
		this.standalone.withPropertyValues("rally.gate.protocol.route-bytes=3").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("routeBytes: 3");
		});
	}

	@Test
	void rejectsAnInvalidConnectionLimit() {
		this.standalone.withPropertyValues("rally.gate.max-connections=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("max: 0 (expected: > 0)");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Standalone {

		@Bean
		InMemoryRegistry registry() {
			return new InMemoryRegistry();
		}

		@Bean
		InMemoryLocator locator() {
			return new InMemoryLocator();
		}

		@Bean
		LocalTransport transport() {
			return new LocalTransport();
		}

	}

}
