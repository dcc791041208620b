package io.rally.gate.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rally.gate.internal.metrics.CloseReason;
import io.rally.gate.internal.session.Session;

/**
 * Closes a connection that has no user bound a fixed time after it was accepted. Only the
 * state at the deadline counts; binding and unbinding before it are not watched. One
 * instance per channel.
 */
final class AuthorizeTimeoutHandler extends ChannelInboundHandlerAdapter {

	private final long timeoutNanos;

	private ScheduledFuture<?> deadline;

	private Session session;

	AuthorizeTimeoutHandler(long timeoutNanos) {
		this.timeoutNanos = timeoutNanos;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.deadline = ctx.executor().schedule(() -> check(ctx), this.timeoutNanos, TimeUnit.NANOSECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof SessionReady ready) {
			this.session = ready.session();
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancel();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancel();
	}

	private void check(ChannelHandlerContext ctx) {
		if (this.session == null || this.session.userId() == 0) {
			CloseReason.AUTHORIZE_TIMEOUT.close(ctx.channel());
		}
	}

	private void cancel() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
			this.deadline = null;
		}
	}

}
