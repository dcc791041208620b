package io.rally.gate.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.rally.cluster.local.InMemoryLocator;
import io.rally.cluster.local.InMemoryRegistry;
import io.rally.cluster.local.LocalTransport;
import io.rally.gate.api.GateServer;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.api.relay.BackendLatencyListener;
import io.rally.gate.api.relay.BackendResolver;
import io.rally.gate.internal.kcp.KcpGateServer;
import io.rally.gate.internal.relay.RelayKcpServer;
import io.rally.gate.internal.relay.RelayTcpServer;
import io.rally.gate.internal.relay.RelayWsServer;
import io.rally.gate.internal.tcp.TcpGateServer;
import io.rally.gate.internal.ws.WsGateServer;
import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which servers each gate mode runs, and what the transparent mode leaves to the application.
 */
class GateRelayConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GateAutoConfiguration.class))
		.withBean(InMemoryRegistry.class)
		.withBean(InMemoryLocator.class)
		.withBean(LocalTransport.class)
		.withPropertyValues("rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0", "rally.gate.ws.host=127.0.0.1",
				"rally.gate.ws.port=0");

	@Test
	void packetModeIsTheDefaultAndRunsNoRelay() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TcpGateServer.class).hasSingleBean(WsGateServer.class);
			assertThat(context).doesNotHaveBean(RelayTcpServer.class)
				.doesNotHaveBean(RelayWsServer.class)
				.doesNotHaveBean(BackendResolver.class);
		});
	}

	@Test
	void transparentModeReplacesThePacketServers() {
		this.runner.withPropertyValues("rally.gate.mode=transparent").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TcpGateServer.class).doesNotHaveBean(WsGateServer.class);
			assertThat(context.getBeansOfType(GateServer.class).values()).extracting(GateServer::transport)
				.containsExactlyInAnyOrder("tcp", "ws");
			assertThat(context.getBeansOfType(GateServer.class).values()).allMatch(GateServer::isRunning);
			// Dial times of transparent backends feed the same tracker as node pings.
			context.getBean(BackendLatencyListener.class)
				.connected(Backend.parse("10.0.0.7:4000"), Duration.ofMillis(40));
			context.getBean(BackendLatencyListener.class)
				.unreachable(Backend.parse("10.0.0.8:4000").withInstanceId("battle-2"), new IOException("refused"));
			LatencyTracker tracker = context.getBean(LatencyTracker.class);
			assertThat(tracker.latency("10.0.0.7:4000")).contains(Duration.ofMillis(40));
			assertThat(tracker.latency("battle-2")).contains(Duration.ofSeconds(2));
			assertThat(tracker.score("10.0.0.7:4000")).isGreaterThan(tracker.score("battle-2"));
		});
	}

	@Test
	void transparentModeRelaysKcpInPlaceOfThePacketKcpServer() {
		this.runner
			.withPropertyValues("rally.gate.mode=transparent", "rally.gate.kcp.enabled=true",
					"rally.gate.kcp.host=127.0.0.1", "rally.gate.kcp.port=0")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RelayKcpServer.class);
				// The relay server is a KCP server too; no packet one runs beside it.
				assertThat(context.getBeansOfType(KcpGateServer.class).values()).singleElement()
					.isInstanceOf(RelayKcpServer.class);
				assertThat(context.getBeansOfType(GateServer.class).values()).extracting(GateServer::transport)
					.containsExactlyInAnyOrder("tcp", "ws", "kcp");
				assertThat(context.getBeansOfType(GateServer.class).values()).allMatch(GateServer::isRunning);
			});
	}

	@Test
	void kcpStaysOffInTransparentModeUnlessEnabled() {
		this.runner.withPropertyValues("rally.gate.mode=transparent")
			.run((context) -> assertThat(context).doesNotHaveBean(KcpGateServer.class));
	}

	@Test
	void packetModeRunsThePacketKcpServer() {
		this.runner
			.withPropertyValues("rally.gate.kcp.enabled=true", "rally.gate.kcp.host=127.0.0.1", "rally.gate.kcp.port=0")
			.run((context) -> {
				assertThat(context).hasSingleBean(KcpGateServer.class).doesNotHaveBean(RelayKcpServer.class);
				assertThat(context.getBean(KcpGateServer.class).isRunning()).isTrue();
			});
	}

	@Test
	void transparentModeServesTlsOnTheTransportsListed(@TempDir Path directory) throws IOException {
		TestCertificates.create("relay-configuration")
			.writeServer(directory.resolve("gate.crt"), directory.resolve("gate.key"));
		this.runner
			.withPropertyValues("rally.gate.mode=transparent", "rally.gate.tls.enabled=true",
					"rally.gate.tls.certificate=" + directory.resolve("gate.crt"),
					"rally.gate.tls.private-key=" + directory.resolve("gate.key"), "rally.gate.tls.transports=tcp")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RelayTcpServer.class).isTls()).isTrue();
				assertThat(context.getBean(RelayWsServer.class).isTls()).isFalse();
			});
		this.runner
			.withPropertyValues("rally.gate.mode=transparent", "rally.gate.tls.enabled=true",
					"rally.gate.tls.certificate=" + directory.resolve("gate.crt"),
					"rally.gate.tls.private-key=" + directory.resolve("gate.key"))
			.run((context) -> {
				assertThat(context.getBean(RelayTcpServer.class).isTls()).isTrue();
				assertThat(context.getBean(RelayWsServer.class).isTls()).isTrue();
			});
	}

	@Test
	void transparentModeServesPlaintextWithoutTls() {
		this.runner.withPropertyValues("rally.gate.mode=transparent", "rally.gate.tls.transports=tcp,ws")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RelayTcpServer.class).isTls()).isFalse();
				assertThat(context.getBean(RelayWsServer.class).isTls()).isFalse();
			});
	}

	@Test
	void transparentModeFailsOnTlsWithoutACertificate() {
		this.runner.withPropertyValues("rally.gate.mode=transparent", "rally.gate.tls.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("rally.gate.tls.certificate"));
	}

	@Test
	void transportsCanBeTurnedOffInTransparentMode() {
		this.runner.withPropertyValues("rally.gate.mode=transparent", "rally.gate.ws.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(RelayTcpServer.class)
				.doesNotHaveBean(RelayWsServer.class));
	}

	@Test
	void failsOnAnAllowListEntryThatWouldOpenTheProxy() {
		this.runner.withPropertyValues("rally.gate.mode=transparent", "rally.gate.relay.allowed-backends=0.0.0.0/0:*")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("open proxy"));
	}

	@Test
	void failsOnAShortTokenSecret() {
		this.runner.withPropertyValues("rally.gate.mode=transparent", "rally.gate.relay.token.secret=short")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("secret"));
	}

	@Test
	void backsOffForTheApplicationsResolverAndLatencyListener() {
		BackendLatencyListener listener = new BackendLatencyListener() {
		};
		BackendResolver resolver = new BackendResolver() {

			@Override
			public Backend resolve(String request) {
				return new Backend("10.0.0.1", 7000, null);
			}

			@Override
			public Backend allowed(String name) {
				return resolve(name);
			}

		};
		this.runner.withPropertyValues("rally.gate.mode=transparent")
			.withBean(BackendLatencyListener.class, () -> listener)
			.withBean(BackendResolver.class, () -> resolver)
			.run((context) -> {
				assertThat(context.getBean(BackendLatencyListener.class)).isSameAs(listener);
				assertThat(context.getBean(BackendResolver.class)).isSameAs(resolver);
			});
	}

}
