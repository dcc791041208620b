package io.rally.protocol.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Sits right behind the {@code SslHandler} and keeps the handlers behind it out of the TLS
 * handshake: it holds {@code channelActive} back until the handshake succeeds, so that they
 * start on an encrypted link only. The first failure before that, the handshake's own or an
 * exception, goes to {@link #handshakeFailed} and closes the channel; the exceptions that
 * follow it are swallowed, since they only repeat the failure. Exceptions after a successful
 * handshake go to {@link #exceptionAfterHandshake}.
 *
 * <p>The client and the gate subclass it with what a failed handshake means to them. One
 * instance per channel; event loop only.
 */
public abstract class AbstractTlsHandshakeHandler extends ChannelInboundHandlerAdapter {

	private boolean handshaken;

	private boolean failed;

	private boolean activePending;

	@Override
	public final void channelActive(ChannelHandlerContext ctx) {
		if (this.handshaken) {
			ctx.fireChannelActive();
		}
		else {
			this.activePending = true;
		}
	}

	@Override
	public final void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (!(event instanceof SslHandshakeCompletionEvent completion)) {
			ctx.fireUserEventTriggered(event);
			return;
		}
		if (completion.isSuccess()) {
			this.handshaken = true;
			if (this.activePending) {
				this.activePending = false;
				ctx.fireChannelActive();
			}
		}
		else {
			fail(ctx, completion.cause());
		}
	}

	@Override
	public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (this.handshaken) {
			exceptionAfterHandshake(ctx, cause);
		}
		else {
			fail(ctx, cause);
		}
	}

	private void fail(ChannelHandlerContext ctx, Throwable cause) {
		if (this.failed) {
			return;
		}
		this.failed = true;
		handshakeFailed(ctx, cause);
		ctx.close();
	}

	/**
	 * Called once, when the handshake failed with {@code cause}, right before the channel is
	 * closed; the handlers behind this one never saw {@code channelActive}.
	 */
	protected abstract void handshakeFailed(ChannelHandlerContext ctx, Throwable cause);

	/** Called for each exception after a successful handshake; passes it on by default. */
	protected void exceptionAfterHandshake(ChannelHandlerContext ctx, Throwable cause) {
		ctx.fireExceptionCaught(cause);
	}

}
