package io.rally.client.internal;

import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelHandlerContext;
import io.rally.client.CloseEvent;
import io.rally.client.TlsHandshakeException;
import io.rally.protocol.transport.AbstractTlsHandshakeHandler;

/**
 * The client's {@link AbstractTlsHandshakeHandler}, behind the {@code SslHandler}: the handlers
 * behind it (the WebSocket handshake, {@link LinkReadyHandler}) start on an encrypted link only.
 * A failed handshake fails the open future with a {@link TlsHandshakeException} and closes the
 * link as a transport error. One instance per channel.
 */
final class TlsReadyHandler extends AbstractTlsHandshakeHandler {

	private final String address;

	private final CompletableFuture<Link> opened;

	TlsReadyHandler(String address, CompletableFuture<Link> opened) {
		this.address = address;
		this.opened = opened;
	}

	@Override
	protected void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
		this.opened.completeExceptionally(new TlsHandshakeException(
				"TLS handshake with " + this.address + " failed: " + cause.getMessage(), cause));
		ctx.channel().attr(ClientPipeline.CLOSE_REASON).setIfAbsent(CloseEvent.Reason.TRANSPORT_ERROR);
	}

}
