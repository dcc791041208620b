package io.rally.gate.internal.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rally.gate.api.health.HealthScore;
import io.rally.gate.internal.health.EwmaLatencyTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class LatencyGaugesTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final EwmaLatencyTracker tracker = new EwmaLatencyTracker(0.3, HealthScore.DEFAULT);

	private final LatencyGauges gauges = new LatencyGauges(this.registry, this.tracker, Duration.ofMillis(20));

	@AfterEach
	void stop() {
		this.gauges.stop();
	}

	@Test
	void followsTheBackendsOfTheTracker() {
		this.tracker.record("node-1", Duration.ofMillis(200));
		this.tracker.record("10.0.0.7:4000", Duration.ofMillis(40));
		this.gauges.refresh();

		assertThat(gauge(LatencyGauges.LATENCY, "node-1").value()).isCloseTo(0.2, within(1e-9));
		assertThat(gauge(LatencyGauges.SCORE, "node-1").value()).isCloseTo(1 / (1 + 1.5 * 0.2), within(1e-9));
		assertThat(gauge(LatencyGauges.LATENCY, "10.0.0.7:4000").value()).isCloseTo(0.04, within(1e-9));

		this.tracker.forget("node-1");
		this.gauges.refresh();
		assertThat(this.registry.find(LatencyGauges.LATENCY).tag("backend", "node-1").gauge()).isNull();
		assertThat(this.registry.find(LatencyGauges.SCORE).tag("backend", "node-1").gauge()).isNull();
		assertThat(gauge(LatencyGauges.LATENCY, "10.0.0.7:4000")).isNotNull();
	}

	@Test
	void refreshesOnItsOwnWhileRunning() {
		this.gauges.start();
		this.tracker.record("node-2", Duration.ofMillis(10));
		await().untilAsserted(() -> assertThat(this.registry.find(LatencyGauges.LATENCY).tag("backend", "node-2").gauge())
			.isNotNull());
		this.gauges.stop();
		assertThat(this.gauges.isRunning()).isFalse();
	}

	private Gauge gauge(String name, String backend) {
		return this.registry.get(name).tag("backend", backend).gauge();
	}

}
