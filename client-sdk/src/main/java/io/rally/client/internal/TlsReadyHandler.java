package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.rally.client.CloseEvent;
import io.rally.client.TlsHandshakeException;

/**
 * Sits behind the {@code SslHandler}: holds {@code channelActive} back until the TLS handshake
 * succeeds, so that the handlers behind it (the WebSocket handshake, {@link LinkReadyHandler})
 * start on an encrypted link. A failed handshake fails the open future with a
 * {@link TlsHandshakeException} and closes; the exceptions that follow it are swallowed. One
 * instance per channel.
 */
final class TlsReadyHandler extends ChannelInboundHandlerAdapter {

	private final String address;

	private final CompletableFuture<Link> opened;

	private boolean handshaken;

	private boolean failed;

	private boolean activePending;

	TlsReadyHandler(String address, CompletableFuture<Link> opened) {
		this.address = address;
		this.opened = opened;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		if (this.handshaken) {
			ctx.fireChannelActive();
		}
		else {
			this.activePending = true;
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
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
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (this.handshaken) {
			ctx.fireExceptionCaught(cause);
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
		this.opened.completeExceptionally(new TlsHandshakeException(
				"TLS handshake with " + this.address + " failed: " + cause.getMessage(), cause));
		ctx.channel().attr(ClientPipeline.CLOSE_REASON).setIfAbsent(CloseEvent.Reason.TRANSPORT_ERROR);
		ctx.close();
	}

}
