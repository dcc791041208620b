package io.rally.client.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.rally.client.CloseEvent;
import io.rally.protocol.Heartbeat;

/**
 * The heartbeat policy: sends a plain heartbeat every interval once the link is ready, as due's
 * clients do, whatever else is written; takes the gate's heartbeats as signs of life only (the
 * idle handler in front already counted them) and does not pass them on; closes the channel
 * when the idle handler reports that nothing arrived for two intervals.
 */
final class HeartbeatHandler extends ChannelInboundHandlerAdapter {

	private final long intervalNanos;

	private ScheduledFuture<?> ticker;

	HeartbeatHandler(long intervalNanos) {
		this.intervalNanos = intervalNanos;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof IdleStateEvent idle) {
			if (idle.state() == IdleState.READER_IDLE) {
				ctx.channel().attr(ClientPipeline.CLOSE_REASON).setIfAbsent(CloseEvent.Reason.HEARTBEAT_TIMEOUT);
				ctx.close();
			}
			return;
		}
		if (event == LinkReadyHandler.LinkReady.INSTANCE && this.ticker == null) {
			this.ticker = ctx.executor()
				.scheduleAtFixedRate(() -> ctx.writeAndFlush(Heartbeat.plain(), ctx.voidPromise()), this.intervalNanos,
						this.intervalNanos, TimeUnit.NANOSECONDS);
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof Heartbeat)) {
			ctx.fireChannelRead(msg);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		stop();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		stop();
	}

	private void stop() {
		if (this.ticker != null) {
			this.ticker.cancel(false);
		}
	}

}
