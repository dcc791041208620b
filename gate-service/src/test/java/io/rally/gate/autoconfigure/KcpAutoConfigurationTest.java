package io.rally.gate.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.client.RallyErrorException;
import io.rally.gate.internal.kcp.KcpGateServer;
import io.rally.gate.internal.kcp.KcpOptions;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.gate.support.Meters;
import io.rally.protocol.KcpSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The KCP server of {@link GateAutoConfiguration}: off unless enabled, its settings bound, and
 * its conversations closed in order when the gate stops.
 */
class KcpAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GateAutoConfiguration.class))
		.withUserConfiguration(GateAutoConfigurationTest.Standalone.class)
		.withPropertyValues("rally.gate.tcp.enabled=false", "rally.gate.ws.enabled=false",
				"rally.gate.kcp.host=127.0.0.1", "rally.gate.kcp.port=0");

	@Test
	void kcpIsOffUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KcpGateServer.class));
	}

	@Test
	void defaultsAreTheGameTuning() {
		assertThat(new GateProperties().getKcp().toOptions()).isEqualTo(KcpOptions.GAME);
	}

	@Test
	void bindsTheKcpSettings() {
		this.runner
			.withPropertyValues("rally.gate.kcp.enabled=true", "rally.gate.kcp.no-delay=false",
					"rally.gate.kcp.interval=20ms", "rally.gate.kcp.fast-resend=0",
					"rally.gate.kcp.congestion-control=true", "rally.gate.kcp.send-window=64",
					"rally.gate.kcp.receive-window=256", "rally.gate.kcp.mtu=1200B", "rally.gate.kcp.dead-timeout=5s",
					"rally.gate.kcp.dead-link=10", "rally.gate.kcp.handshake-timeout=2s",
					"rally.gate.kcp.max-unverified=100", "rally.gate.kcp.max-unverified-per-source=3")
			.run((context) -> {
				KcpGateServer server = context.getBean(KcpGateServer.class);
				assertThat(server.isRunning()).isTrue();
				assertThat(server.port()).isPositive();
				KcpSettings settings = new KcpSettings(false, Duration.ofMillis(20), 0, true, 64, 256, 1200);
				assertThat(server.options())
					.isEqualTo(new KcpOptions(settings, Duration.ofSeconds(5), 10, Duration.ofSeconds(2), 100, 3));
			});
	}

	@Test
	void refusesAnIntervalKcpCannotRun() {
		this.runner.withPropertyValues("rally.gate.kcp.enabled=true", "rally.gate.kcp.interval=1ms")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("interval: PT0.001S"));
	}

	@Test
	void stoppingTheGateClosesItsConversationsForShutdown() {
		AtomicReference<MeterRegistry> meters = new AtomicReference<>();
		this.runner.withPropertyValues("rally.gate.kcp.enabled=true").run((context) -> {
			meters.set(context.getBean(GateMetrics.class).registry());
			RallyClient client = RallyClient.builder()
				.transport(ClientTransport.KCP)
				.host("127.0.0.1")
				.port(context.getBean(KcpGateServer.class).port())
				.errorPackets(true)
				.heartbeatInterval(Duration.ZERO)
				.build();
			try {
				client.connect().orTimeout(10, TimeUnit.SECONDS).join();
				// No node serves anything here: the gate answers 404, so the conversation is open.
				assertThatThrownBy(() -> client.request(1, new byte[0]).orTimeout(10, TimeUnit.SECONDS).join())
					.hasCauseInstanceOf(RallyErrorException.class);
				await().until(() -> context.getBean(SessionManager.class).connectionCount() == 1);
			}
			finally {
				// The client outlives the gate, so that the gate's goodbye is acknowledged.
				context.close();
				client.close();
			}
		});
		assertThat(Meters.count(meters.get(), GateMetrics.CONNECTIONS_CLOSED, "transport", "kcp", "reason", "shutdown"))
			.isEqualTo(1);
	}

}
