package io.rally.gate.internal.relay;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rally.gate.api.relay.RelayRefusal;
import io.rally.gate.api.relay.RelayRefusedException;

/**
 * Refuses a client that has not named its backend within the handshake timeout. The
 * {@link BackendConnector} removes it as soon as the request arrives, which cancels the
 * timer. One instance per channel.
 */
final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

	private final long timeoutNanos;

	private final String transport;

	private final RelayRefusals refusals;

	private ScheduledFuture<?> timer;

	HandshakeTimeoutHandler(long timeoutNanos, String transport, RelayRefusals refusals) {
		this.timeoutNanos = timeoutNanos;
		this.transport = transport;
		this.refusals = refusals;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive()) {
			start(ctx);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		start(ctx);
		ctx.fireChannelActive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		if (this.timer != null) {
			this.timer.cancel(false);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		handlerRemoved(ctx);
		ctx.fireChannelInactive();
	}

	private void start(ChannelHandlerContext ctx) {
		if (this.timer != null) {
			return;
		}
		this.timer = ctx.executor().schedule(() -> {
			if (!ctx.isRemoved()) {
				this.refusals.refuse(ctx.channel(), this.transport, new RelayRefusedException(
						RelayRefusal.HANDSHAKE_TIMEOUT, "no backend named within " + this.timeoutNanos / 1_000_000 + " ms"));
			}
		}, this.timeoutNanos, TimeUnit.NANOSECONDS);
	}

}
