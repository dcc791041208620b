package io.rally.gate.internal;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rally.gate.api.RateLimitAction;
import io.rally.gate.internal.limits.RateLimits;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.Meters;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rate limit handler on its own: what goes over a limit is counted, and either slows the
 * reader down while everything goes on, or closes the connection; heartbeats never count.
 */
class RateLimitHandlerTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private EmbeddedChannel channel;

	@AfterEach
	void release() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void overTheMessageRateTheReaderPausesAndNothingIsLost() {
		open(new RateLimits(5, 2, 0, 1, Map.of(), RateLimitAction.SLOW));
		for (int seq = 1; seq <= 4; seq++) {
			this.channel.writeInbound(new Packet(1, seq, new byte[0]));
		}
		assertThat(this.channel.inboundMessages()).hasSize(4);
		assertThat(this.channel.config().isAutoRead()).isFalse();
		assertThat(limited("messages", "slow")).isEqualTo(2);
		assertThat(Meters.count(this.meters, GateMetrics.READS_PAUSED, "reason", GateMetrics.PAUSE_RATE_LIMITED))
			.isEqualTo(1);
		await().untilAsserted(() -> {
			this.channel.runScheduledPendingTasks();
			assertThat(this.channel.config().isAutoRead()).isTrue();
		});
	}

	@Test
	void aRouteLimitIsTighterThanTheConnectionsAndHeartbeatsNeverCount() {
		open(new RateLimits(1000, 1000, 0, 1, Map.of(2, new RateLimits.Route(0.5, 1)), RateLimitAction.SLOW));
		for (int i = 0; i < 10; i++) {
			this.channel.writeInbound(Heartbeat.plain());
		}
		this.channel.writeInbound(new Packet(1, 1, new byte[0]), new Packet(2, 2, new byte[0]));
		assertThat(this.channel.config().isAutoRead()).isTrue();
		this.channel.writeInbound(new Packet(2, 3, new byte[0]));
		assertThat(limited("route", "slow")).isEqualTo(1);
		assertThat(limited("messages", "slow")).isZero();
		assertThat(this.channel.config().isAutoRead()).isFalse();
		assertThat(this.channel.inboundMessages()).hasSize(13);
	}

	@Test
	void overTheByteRateWithTheCloseActionTheConnectionCloses() {
		open(new RateLimits(0, 1, 100, 150, Map.of(), RateLimitAction.CLOSE));
		this.channel.writeInbound(new Packet(1, 1, new byte[100]));
		assertThat(this.channel.isOpen()).isTrue();
		this.channel.writeInbound(new Packet(1, 2, new byte[100]));
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(CloseReason.of(this.channel)).isEqualTo(CloseReason.RATE_LIMITED);
		assertThat(limited("bytes", "close")).isEqualTo(1);
		assertThat(this.channel.inboundMessages()).hasSize(1);
	}

	private void open(RateLimits limits) {
		this.channel = new EmbeddedChannel(new RateLimitHandler(limits, new GateMetrics(this.meters)));
	}

	private double limited(String limit, String action) {
		return Meters.count(this.meters, GateMetrics.RATE_LIMITED, "limit", limit, "action", action);
	}

}
