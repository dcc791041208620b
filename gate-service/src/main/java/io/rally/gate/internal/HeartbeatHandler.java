package io.rally.gate.internal;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.rally.gate.api.HeartbeatMechanism;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.protocol.Heartbeat;

/**
 * The heartbeat policy. Idle detection is the mechanism in front of it (an
 * {@link io.netty.handler.timeout.IdleStateHandler} that reports a reader-idle event after
 * two intervals without input); this handler decides what follows: it closes a connection
 * reported idle, answers client heartbeats ({@link HeartbeatMechanism#RESP}) or sends one every
 * interval ({@link HeartbeatMechanism#TICK}). Heartbeats stop here; data packets pass on.
 * One instance per channel.
 */
final class HeartbeatHandler extends ChannelInboundHandlerAdapter {

	private final HeartbeatMechanism mechanism;

	private final long intervalNanos;

	private final boolean withTime;

	private final TimeUnit timeUnit;

	private ScheduledFuture<?> ticker;

	HeartbeatHandler(HeartbeatMechanism mechanism, long intervalNanos, boolean withTime, TimeUnit timeUnit) {
		this.mechanism = mechanism;
		this.intervalNanos = intervalNanos;
		this.withTime = withTime;
		this.timeUnit = timeUnit;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Heartbeat) {
			if (this.mechanism == HeartbeatMechanism.RESP) {
				ctx.writeAndFlush(heartbeat(), ctx.voidPromise());
			}
			return;
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
			CloseReason.HEARTBEAT_TIMEOUT.close(ctx.channel());
			return;
		}
		if (event instanceof SessionReady && this.mechanism == HeartbeatMechanism.TICK && this.intervalNanos > 0
				&& this.ticker == null) {
			this.ticker = ctx.executor()
				.scheduleAtFixedRate(() -> ctx.writeAndFlush(heartbeat(), ctx.voidPromise()), this.intervalNanos,
						this.intervalNanos, TimeUnit.NANOSECONDS);
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		stopTicking();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		stopTicking();
	}

	private Heartbeat heartbeat() {
		if (!this.withTime) {
			return Heartbeat.plain();
		}
		if (this.timeUnit == TimeUnit.NANOSECONDS) {
			Instant now = Instant.now();
			return Heartbeat.withTime(now.getEpochSecond() * 1_000_000_000L + now.getNano());
		}
		return Heartbeat.withTime(System.currentTimeMillis());
	}

	private void stopTicking() {
		if (this.ticker != null) {
			this.ticker.cancel(false);
			this.ticker = null;
		}
	}

}
