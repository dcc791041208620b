package io.rally.gate.internal;

import java.util.concurrent.TimeUnit;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.rally.gate.api.HeartbeatMechanism;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat policy on its own, driven by events as the idle detector would send them.
 */
class HeartbeatHandlerTest {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	@Test
	void respAnswersEachHeartbeatAndSwallowsIt() {
		EmbeddedChannel channel = new EmbeddedChannel(
				new HeartbeatHandler(HeartbeatMechanism.RESP, SECOND, false, TimeUnit.MILLISECONDS));
		assertThat(channel.writeInbound(Heartbeat.plain())).isFalse();
		assertThat((Object) channel.readOutbound()).isEqualTo(Heartbeat.plain());
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void respCanCarryTheClock() {
		EmbeddedChannel channel = new EmbeddedChannel(
				new HeartbeatHandler(HeartbeatMechanism.RESP, SECOND, true, TimeUnit.NANOSECONDS));
		long before = System.currentTimeMillis();
		channel.writeInbound(Heartbeat.plain());
		Heartbeat reply = channel.readOutbound();
		assertThat(reply.hasTime()).isTrue();
		assertThat(reply.time() / 1_000_000).isBetween(before - 60_000, before + 60_000);
		channel.finish();
	}

	@Test
	void tickDoesNotAnswer() {
		EmbeddedChannel channel = new EmbeddedChannel(
				new HeartbeatHandler(HeartbeatMechanism.TICK, SECOND, false, TimeUnit.MILLISECONDS));
		channel.writeInbound(Heartbeat.plain());
		assertThat((Object) channel.readOutbound()).isNull();
		channel.finish();
	}

	@Test
	void dataPacketsPassOn() {
		EmbeddedChannel channel = new EmbeddedChannel(
				new HeartbeatHandler(HeartbeatMechanism.RESP, SECOND, false, TimeUnit.MILLISECONDS));
		Packet packet = new Packet(1, 2, new byte[] { 3 });
		assertThat(channel.writeInbound(packet)).isTrue();
		assertThat((Object) channel.readInbound()).isEqualTo(packet);
		channel.finish();
	}

	@Test
	void readerIdleClosesTheConnection() {
		EmbeddedChannel channel = new EmbeddedChannel(
				new HeartbeatHandler(HeartbeatMechanism.RESP, SECOND, false, TimeUnit.MILLISECONDS));
		channel.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);
		assertThat(channel.isOpen()).isTrue();
		channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
		assertThat(channel.isOpen()).isFalse();
	}

}
